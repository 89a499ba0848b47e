"""The job resource: one response model for ``GET /v1/jobs/{id}`` on both services.

The upload service and the read API both answer a job, to different clients (an uploader following
its own upload, an operator watching every job).  The model lives here, once, so one client reads
both; each service only adds its route.  The fields are documented here and in the README.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from cablestream.state.jobs import JobState, rate_and_eta


class JobCounts(BaseModel):
    files: int = Field(description="files in the job")
    files_done: int = Field(description="files parsed or failed")
    cables_parsed: int = Field(description="cables parsed from the job's files")
    cables_indexed: int = Field(description="cables searchable")
    cables_index_failed: int = Field(description="cables whose indexing failed (and not since retried)")
    cables_extracted: int = Field(description="cables whose entities were extracted")
    failed: int = Field(description="open failure records of the job")


class JobFile(BaseModel):
    index: int = Field(description="position of the file in the job")
    name: str
    sha256: str
    size: int
    duplicate: bool = Field(description="the same bytes were already stored")
    state: str = Field(description="queued, parsing, parsed or failed")
    cables: int = Field(description="cables parsed from the file")
    failed: int = Field(description="cables of the file that failed")
    error: str | None = Field(None, description="why the file failed as a whole")


class Job(BaseModel):
    job_id: str
    state: JobState = Field(description="derived from the counts: queued, running, done or failed")
    source: str | None = Field(None, description="upload, feed:dir or feed:bucket")
    created_at: float
    updated_at: float
    counts: JobCounts
    files: list[JobFile]
    rate_cables_per_second: float = Field(description="cables indexed per second since the job began")
    eta_seconds: float | None = Field(description="seconds left at that rate; 0 when finished, null when unknown")

    @classmethod
    def from_store(cls, data: dict[str, Any]) -> Job:
        """From ``JobStore.get``; rate and ETA are computed at read time, never stored."""
        rate, eta = rate_and_eta(data)
        return cls.model_validate(data | {"rate_cables_per_second": rate, "eta_seconds": eta})
