"""``/v1/jobs``: recent jobs with per-file progress, rate and ETA (the upload service has one job)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
from cablestream.jobs import rate_and_eta
from services.api.deps import ADMIN, WiringDep

router = APIRouter(prefix="/v1/jobs", tags=["operations"], dependencies=[ADMIN], responses=AUTH_ERRORS)
ERRORS = error_responses(404, 422, 503)


class JobProgress(BaseModel):
    job_id: str
    state: str
    source: str | None = None
    created_at: float
    updated_at: float
    counts: dict[str, int]
    files: list[dict[str, Any]]
    rate_cables_per_second: float
    eta_seconds: float | None


class JobList(BaseModel):
    items: list[JobProgress]


def progress(data: dict[str, Any]) -> JobProgress:
    rate, eta = rate_and_eta(data)
    return JobProgress(**data, rate_cables_per_second=rate, eta_seconds=eta)


@router.get("", response_model=JobList, responses=ERRORS)
def recent_jobs(wiring: WiringDep, size: Annotated[int, Query(ge=1, le=200)] = 20) -> JobList:
    items = [wiring.jobs.get(job_id) for job_id in wiring.jobs.recent(size)]
    return JobList(items=[progress(d) for d in items if d is not None])


@router.get("/{job_id}", response_model=JobProgress, responses=ERRORS)
def job(job_id: str, wiring: WiringDep) -> JobProgress:
    data = wiring.jobs.get(job_id)
    if data is None:
        raise bad_param(404, "job_id", f"no job {job_id!r}")
    return progress(data)
