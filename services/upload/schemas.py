"""Response models of the upload service."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from cablestream.jobs import rate_and_eta


class UploadedFile(BaseModel):
    name: str
    sha256: str
    size: int
    duplicate: bool


class UploadAccepted(BaseModel):
    job_id: str
    files: list[UploadedFile]


class JobFile(BaseModel):
    index: int
    name: str
    sha256: str
    size: int
    duplicate: bool
    state: str
    cables: int
    failed: int
    error: str | None = None


class Job(BaseModel):
    job_id: str
    state: Literal["queued", "running", "done", "failed"]
    source: str | None = None
    created_at: float
    updated_at: float
    files: int
    files_done: int
    cables_parsed: int
    cables_indexed: int
    cables_index_failed: int
    cables_extracted: int
    failed: int
    rate_cables_per_second: float
    eta_seconds: float | None
    file_states: list[JobFile]

    @classmethod
    def from_store(cls, data: dict[str, Any]) -> Job:
        rate, eta = rate_and_eta(data)
        return cls(**{k: v for k, v in data.items() if k not in {"counts", "files"}}, **data["counts"],
                   rate_cables_per_second=rate, eta_seconds=eta, file_states=data["files"])
