"""Response models of the upload service (its job is ``cablestream.state.jobview.Job``, shared with the read API)."""

from __future__ import annotations

from pydantic import BaseModel


class UploadedFile(BaseModel):
    name: str
    sha256: str
    size: int
    duplicate: bool


class UploadAccepted(BaseModel):
    job_id: str
    files: list[UploadedFile]
