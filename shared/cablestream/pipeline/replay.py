"""Retrying failures, and resolving them once their input goes through.

A failure record names the task and the arguments (ids only) that retry it; a retry simply sends
that message again.  When the retried work succeeds, the stage resolves the failures it did not
see again, so "replay after a fix" turns failures into records.
"""

from __future__ import annotations

from collections.abc import Iterable

from cablestream.errors import CablestreamError
from cablestream.infra.queue import enqueue
from cablestream.infra.wiring import Wiring
from cablestream.state.failures import OPEN, Failure


class NotRetryable(CablestreamError):
    """The failure carries no task to retry it (or does not exist)."""


def retry(w: Wiring, failure_id: str) -> Failure:
    failure = w.failures.get(failure_id)
    if failure is None:
        raise NotRetryable(f"no failure {failure_id!r}")
    if not failure.task:
        raise NotRetryable(f"failure {failure_id!r} has no task to retry")
    enqueue(w.celery, failure.task, failure.args, retry_of=failure_id)
    return failure


def retry_matching(w: Wiring, stage: str | None = None, job_id: str | None = None,
                   error_type: str | None = None, limit: int = 1000) -> list[str]:
    """Retry every open failure that matches; one message per distinct task and arguments."""
    sent: set[str] = set()
    retried = []
    for failure in w.failures.query(stage=stage, job_id=job_id, error_type=error_type, limit=limit):
        key = f"{failure.task}{failure.args}"
        if failure.task and key not in sent:
            enqueue(w.celery, failure.task, failure.args, retry_of=failure.id)
            sent.add(key)
        if failure.task:
            retried.append(failure.id)
    return retried


def resolve_if_open(w: Wiring, failure_id: str) -> bool:
    """Resolve one failure if it is open; a single cheap lookup when it is not (the common case)."""
    if w.redis.zscore(OPEN, failure_id) is None:
        return False
    return resolve(w, [failure_id]) == 1


def resolve(w: Wiring, failure_ids: Iterable[str]) -> int:
    """Resolve the given failures and take them off their jobs; returns how many were open."""
    count = 0
    for failure_id in failure_ids:
        failure = w.failures.resolve(failure_id)
        if failure is not None:
            w.jobs.remove_failure(failure.job_id, failure_id)
            count += 1
    return count


def resolve_for_references(w: Wiring, stage: str, reference_ids: Iterable[str]) -> int:
    """Resolve a stage's failures about cables that have now gone through that stage.  A failure
    about a whole batch is over only when every cable of it went through."""
    passed = set(reference_ids)
    ids = []
    for rid in passed:
        for failure_id in w.failures.for_reference(rid):
            failure = w.failures.get(failure_id)
            if failure is None or failure.stage != stage or failure.resolved:
                continue
            subject = set(failure.reference_ids) or {failure.reference_id or ""}
            if subject <= passed:
                ids.append(failure_id)
    return resolve(w, ids)
