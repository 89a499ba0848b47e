"""``/v1/jobs``: recent jobs with per-file progress, rate and ETA (the same ``Job`` as the upload service's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
from cablestream.state.jobview import Job
from services.api.deps import ADMIN, WiringDep

router = APIRouter(prefix="/v1/jobs", tags=["operations"], dependencies=[ADMIN], responses=AUTH_ERRORS)
ERRORS = error_responses(404, 422, 503)


class JobList(BaseModel):
    items: list[Job]


@router.get("", response_model=JobList, responses=ERRORS)
def recent_jobs(wiring: WiringDep, size: Annotated[int, Query(ge=1, le=200)] = 20) -> JobList:
    items = [wiring.jobs.get(job_id) for job_id in wiring.jobs.recent(size)]
    return JobList(items=[Job.from_store(d) for d in items if d is not None])


@router.get("/{job_id}", response_model=Job, responses=ERRORS)
def job(job_id: str, wiring: WiringDep) -> Job:
    data = wiring.jobs.get(job_id)
    if data is None:
        raise bad_param(404, "job_id", f"no job {job_id!r}")
    return Job.from_store(data)
