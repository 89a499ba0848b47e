"""Accepting files: store by content hash, open a job, enqueue one parse message per file.

Shared by the upload service, the CLI and the feeds, so every entrance behaves the same.
"""

from __future__ import annotations

import contextlib
from typing import Any, BinaryIO

import redis

from cablestream.infra.queue import TASK_PARSE, enqueue
from cablestream.infra.storage import StoredFile
from cablestream.infra.wiring import Wiring
from cablestream.state.failures import Failure
from cablestream.state.jobs import FileEntry


def store_upload(wiring: Wiring, stream: BinaryIO, content_type: str | None = None) -> StoredFile:
    return wiring.store.put_file(stream, content_type or "application/octet-stream")


def enqueue_files(wiring: Wiring, stored: list[tuple[str, StoredFile]], source: str) -> str:
    """Open a job for stored files and send their parse messages; returns the job id."""
    entries = [FileEntry(index=i, name=name, sha256=f.sha256, size=f.size, duplicate=f.duplicate)
               for i, (name, f) in enumerate(stored)]
    job_id = wiring.jobs.create(entries, source=source)
    for sent, entry in enumerate(entries):
        try:
            enqueue(wiring.celery, TASK_PARSE, _parse_args(job_id, entry))
        except Exception as err:
            _unsent(wiring, job_id, entries[sent:], err)
            raise
    return job_id


def _parse_args(job_id: str, entry: FileEntry) -> list[Any]:
    return [job_id, entry.index, entry.sha256, entry.name]


def _unsent(wiring: Wiring, job_id: str, entries: list[FileEntry], err: Exception) -> None:
    """The broker failed part-way: the files are stored but their messages were not sent.  Leave each
    a retryable failure, so that the job ends as failed and a retry sends the message, instead of a
    job that waits for ever.  If Redis itself is gone, the caller's error is all there is."""
    with contextlib.suppress(redis.RedisError):
        for entry in entries:
            fid = wiring.failures.record(Failure(
                stage="parse", error_type="NotQueued", message=f"the parse message could not be sent: {err}",
                job_id=job_id, sha256=entry.sha256, name=entry.name, index=entry.index, retryable=True,
                task=TASK_PARSE, args=_parse_args(job_id, entry), whole_task=True))
            wiring.jobs.add_failure(job_id, fid)
            wiring.jobs.update_file(job_id, entry.index, state="failed", error="not queued; retry the failure")
