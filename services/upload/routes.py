"""``POST /v1/uploads`` and ``GET /v1/jobs/{job_id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile, status

from cablestream.auth.guard import AUTH_ERRORS, admit_before_body, require
from cablestream.http.limits import body_limited
from cablestream.http.problems import bad_param, error_responses
from cablestream.infra.iopool import io_map
from cablestream.infra.storage import raw_key
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.ingest import enqueue_files, store_upload
from cablestream.state.jobview import Job
from services.upload.schemas import UploadAccepted, UploadedFile


def get_wiring(request: Request) -> Wiring:
    wiring: Wiring = request.app.state.wiring
    return wiring


WiringDep = Annotated[Wiring, Depends(get_wiring)]


def _max_upload_bytes(request: Request) -> int:
    return get_wiring(request).settings.max_upload_bytes


# Every route needs a key with the ingest scope; /healthz and /readyz (another router) stay open.
# Request bodies are capped (CABLESTREAM_MAX_UPLOAD_BYTES) before the multipart parser spools them.
router = APIRouter(prefix="/v1", tags=["uploads"], dependencies=[Depends(require("ingest"))], responses=AUTH_ERRORS,
                   route_class=body_limited(_max_upload_bytes, "files", admit=admit_before_body("ingest")))
ERRORS = error_responses(400, 404, 413, 422, 503)  # documented as sent: application/problem+json


@router.post("/uploads", status_code=status.HTTP_202_ACCEPTED, response_model=UploadAccepted, responses=ERRORS)
def upload(wiring: WiringDep,
           files: Annotated[list[UploadFile], File(description="one or more cable files or archives")]
           ) -> UploadAccepted:
    """Store the files by content hash and open a job that parses them.  413 when one file is larger than
    `CABLESTREAM_MAX_FILE_BYTES` or the whole request than `CABLESTREAM_MAX_UPLOAD_BYTES` (then nothing of
    it is stored and no job opens)."""
    # A sync route: FastAPI runs it in a thread, and the parts are already spooled to disk by the
    # multipart parser, so each is hashed and streamed to MinIO without being held in memory.
    # Every part is checked before any is stored: a refused request leaves no half-accepted job.
    for part in files:
        name = part.filename or "upload"
        if part.size == 0:
            raise bad_param(400, "files", f"file {name!r} is empty")
        if part.size is not None and part.size > wiring.settings.max_file_bytes:
            raise bad_param(413, "files", f"file {name!r} is larger than {wiring.settings.max_file_bytes} bytes")
    # Storing is latency-bound (a stat and a put per file): a few in flight at once, on the process's
    # shared I/O pool rather than threads started for every request.
    results = io_map(lambda part: store_upload(wiring, part.file, part.content_type), files)
    stored = [(part.filename or "upload", result) for part, result in zip(files, results, strict=True)]
    job_id = enqueue_files(wiring, stored, source="upload")
    return UploadAccepted(job_id=job_id, files=[
        UploadedFile(name=name, sha256=f.sha256, size=f.size, duplicate=f.duplicate) for name, f in stored])


@router.head("/files/{sha256}", responses={404: {"description": "not stored"}})
def file_stored(sha256: str, wiring: WiringDep) -> Response:
    """200 when these bytes are already stored (lets clients skip re-sending them), else 404."""
    return Response(status_code=200 if wiring.store.exists(raw_key(sha256.lower())) else 404)


@router.get("/jobs/{job_id}", response_model=Job, responses=ERRORS)
def get_job(job_id: str, wiring: WiringDep) -> Job:
    data = wiring.jobs.get(job_id)
    if data is None:
        raise bad_param(404, "job_id", f"no job {job_id!r}")
    return Job.from_store(data)
