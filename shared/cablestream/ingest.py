"""Accepting files: store by content hash, open a job, enqueue one parse message per file.

Shared by the upload service, the CLI and the feeds, so every entrance behaves the same.
"""

from __future__ import annotations

from typing import BinaryIO

from cablestream.jobs import FileEntry
from cablestream.queue import TASK_PARSE, enqueue
from cablestream.storage import StoredFile
from cablestream.wiring import Wiring


def store_upload(wiring: Wiring, stream: BinaryIO, content_type: str | None = None) -> StoredFile:
    return wiring.store.put_file(stream, content_type or "application/octet-stream")


def enqueue_files(wiring: Wiring, stored: list[tuple[str, StoredFile]], source: str) -> str:
    """Open a job for stored files and send their parse messages; returns the job id."""
    entries = [FileEntry(index=i, name=name, sha256=f.sha256, size=f.size, duplicate=f.duplicate)
               for i, (name, f) in enumerate(stored)]
    job_id = wiring.jobs.create(entries, source=source)
    for entry in entries:
        enqueue(wiring.celery, TASK_PARSE, [job_id, entry.index, entry.sha256, entry.name])
    return job_id
