"""``/v1/jobs``: recent jobs with per-file progress, rate and ETA (the upload service has one job)."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
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
    counts = data["counts"]
    end = data["updated_at"] if data["state"] in {"done", "failed"} else time.time()
    elapsed = max(end - data["created_at"], 1e-3)
    rate = counts["cables_indexed"] / elapsed
    # Cables yet to index is known only for files already parsed; files still waiting are
    # estimated at the average cables per parsed file.
    per_file = counts["cables_parsed"] / counts["files_done"] if counts["files_done"] else 1
    remaining = (counts["cables_parsed"] - counts["cables_indexed"]
                 + (counts["files"] - counts["files_done"]) * per_file)
    eta = 0.0 if data["state"] in {"done", "failed"} else (remaining / rate if rate else None)
    return JobProgress(**data, rate_cables_per_second=round(rate, 2),
                       eta_seconds=None if eta is None else round(eta, 1))


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
