"""Failure and replay through the live system: a file whose bytes are missing fails its job with a
failure record; once the bytes are back, retrying the record turns the failure into cables."""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Callable

from cablestream.infra.storage import StoredFile
from cablestream.pipeline.ingest import enqueue_files
from tests.conftest import SAMPLES
from tests.e2e.conftest import System


def _wait(predicate: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def test_retry_after_the_cause_is_fixed_turns_failures_into_records(system: System) -> None:
    data = (SAMPLES / "09ASTANA1145.txt").read_bytes().replace(b"09ASTANA1145", b"09ASTANA91145")
    sha = hashlib.sha256(data).hexdigest()
    # A job whose file is not (yet) in storage: what a lost object or a half-restored bucket looks like.
    job_id = enqueue_files(system.wiring, [("lost.txt", StoredFile(sha, len(data), duplicate=False))], "test")
    job = system.wait_job(job_id)
    assert job["state"] == "failed"
    failures = system.api.get("/v1/failures", params={"job_id": job_id}).json()["items"]
    assert len(failures) == 1 and failures[0]["stage"] == "parse" and failures[0]["sha256"] == sha
    assert failures[0]["error_type"] == "ObjectMissing" and failures[0]["retryable"]

    system.wiring.store.put_file(io.BytesIO(data))  # the fix: the bytes are back
    assert system.api.post(f"/v1/failures/{failures[0]['id']}/retry").status_code == 202

    _wait(lambda: system.upload.get(f"/v1/jobs/{job_id}").json()["state"] == "done")
    job = system.upload.get(f"/v1/jobs/{job_id}").json()
    assert job["counts"]["cables_indexed"] == 1 and job["counts"]["failed"] == 0
    assert system.api.get("/v1/failures", params={"job_id": job_id}).json()["items"] == []
    resolved = system.api.get("/v1/failures", params={"job_id": job_id, "include_resolved": True}).json()
    assert resolved["items"][0]["resolved"] is True and resolved["items"][0]["attempts"] == 1
    assert system.api.get("/v1/cables/09ASTANA91145").status_code == 200
