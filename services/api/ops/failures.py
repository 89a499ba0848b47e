"""``/v1/failures``: failure records, one retry, and bulk retry by filter."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
from cablestream.pipeline.replay import FinalFailure, NotRetryable, final_reason, retry, retry_matching
from cablestream.state.failures import Failure
from services.api.deps import ADMIN, WiringDep
from services.api.ops.schemas import FailureList, FailureOut, MemberOut, MemberPage, RetryResult

router = APIRouter(prefix="/v1/failures", tags=["operations"], dependencies=[ADMIN], responses=AUTH_ERRORS)
ERRORS = error_responses(400, 404, 409, 422, 503)
Stage = Annotated[str | None, Query(description="parse, index or extract", max_length=40)]
JobId = Annotated[str | None, Query(description="only this job's failures", max_length=64)]
ErrorType = Annotated[str | None, Query(description="error class, e.g. NoCableFound", max_length=100)]
Everything = Annotated[bool, Query(alias="all", description="with no filter: retry every open failure")]
Force = Annotated[bool, Query(description="retry data errors of the current parser or extractor too")]


def _out(failure: Failure) -> FailureOut:
    # retryable as it stands now: a data error becomes retryable once the parser or extractor changed.
    why = final_reason(failure)
    return FailureOut(**failure.to_dict() | {"retryable": why is None, "final_reason": why})


@router.get("", response_model=FailureList, responses=ERRORS)
def list_failures(wiring: WiringDep, stage: Stage = None, job_id: JobId = None, error_type: ErrorType = None,
                  include_resolved: bool = False, size: Annotated[int, Query(ge=1, le=1000)] = 100) -> FailureList:
    items = wiring.failures.query(stage=stage, job_id=job_id, error_type=error_type,
                                  include_resolved=include_resolved, limit=size)
    total = wiring.failures.count_open()
    return FailureList(total_open=total, items=[_out(f) for f in items])


@router.get("/{failure_id}", response_model=FailureOut, responses=ERRORS)
def get_failure(failure_id: str, wiring: WiringDep) -> FailureOut:
    failure = wiring.failures.get(failure_id)
    if failure is None:
        raise bad_param(404, "failure_id", f"no failure {failure_id!r}")
    return _out(failure)


@router.get("/{failure_id}/members", response_model=MemberPage, responses=ERRORS)
def failure_members(failure_id: str, wiring: WiringDep, offset: Annotated[int, Query(ge=0)] = 0,
                    size: Annotated[int, Query(ge=1, le=1000)] = 100) -> MemberPage:
    """The members of a file that a grouped record covers (every member that failed for its reason),
    a page at a time: the record itself names only the first few."""
    failure = wiring.failures.get(failure_id)
    if failure is None:
        raise bad_param(404, "failure_id", f"no failure {failure_id!r}")
    kept, members = wiring.failures.members(failure_id, offset, size)
    return MemberPage(failure_id=failure_id, count=failure.count, kept=kept, offset=offset,
                      items=[MemberOut(**asdict(m)) for m in members])


@router.post("/{failure_id}/retry", response_model=RetryResult, status_code=202, responses=ERRORS)
def retry_one(failure_id: str, wiring: WiringDep, force: Force = False) -> RetryResult:
    """Send the failure's message again.  A data error of the current parser or extractor fails the
    same way: 409, unless `force=true`."""
    try:
        retry(wiring, failure_id, force=force)
    except FinalFailure as err:
        raise bad_param(409, "force", str(err)) from None
    except NotRetryable as err:
        raise bad_param(404 if wiring.failures.get(failure_id) is None else 409, "failure_id", str(err)) from None
    return RetryResult(retried=[failure_id])


@router.post("/retry", response_model=RetryResult, status_code=202, responses=ERRORS)
def retry_many(wiring: WiringDep, stage: Stage = None, job_id: JobId = None, error_type: ErrorType = None,
               everything: Everything = False, force: Force = False) -> RetryResult:
    """Retry every open failure matching the filters.  With no filter at all, `all=true` is required:
    a misspelt or forgotten filter must not replay the whole failure store.  Data errors of the current
    parser or extractor are skipped and listed in `final` unless `force=true`."""
    filtered = any(f is not None for f in (stage, job_id, error_type))
    if not filtered and not everything:
        raise bad_param(400, "all", "no filter (stage, job_id, error_type) given: pass all=true to retry "
                                    "every open failure")
    if filtered and everything:
        raise bad_param(400, "all", "all=true retries every open failure: it takes no filter")
    report = retry_matching(wiring, stage=stage, job_id=job_id, error_type=error_type, force=force)
    return RetryResult(retried=report.retried, final=report.final)
