"""Accepting files: store by content hash, open a job, enqueue one parse message per file.

Shared by the upload service, the CLI and the feeds, so every entrance behaves the same.
"""

from __future__ import annotations

from typing import BinaryIO

import redis

from cablestream.infra.storage import StoredFile
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ParseFile, send
from cablestream.pipeline.outcomes import Problem, write_failure
from cablestream.state.jobs import FileEntry


def store_upload(wiring: Wiring, stream: BinaryIO, content_type: str | None = None) -> StoredFile:
    return wiring.store.put_file(stream, content_type or "application/octet-stream")


def enqueue_files(wiring: Wiring, stored: list[tuple[str, StoredFile]], source: str) -> str:
    """Open a job for stored files and send their parse messages; returns the job id."""
    entries = [FileEntry(index=i, name=name, sha256=f.sha256, size=f.size, duplicate=f.duplicate)
               for i, (name, f) in enumerate(stored)]
    job_id = wiring.jobs.create(entries, source=source)
    messages = [parse_message(job_id, entry) for entry in entries]
    for sent, message in enumerate(messages):
        try:
            send(wiring.celery, message)
        except Exception as err:
            _unsent(wiring, messages[sent:], err)
            raise
    return job_id


def parse_message(job_id: str, entry: FileEntry) -> ParseFile:
    return ParseFile(job_id=job_id, index=entry.index, sha256=entry.sha256, name=entry.name)


def _unsent(wiring: Wiring, messages: list[ParseFile], err: Exception) -> None:
    """The broker failed part-way: the files are stored but their messages were not sent.  Leave each
    a retryable failure, so that the job ends as failed and a retry sends the message, instead of a
    job that waits for ever.  If Redis itself is gone, the caller's error is all there is."""
    try:
        for message in messages:
            problem = Problem(error_type="NotQueued", reason=f"the parse message could not be sent: {err}",
                              subject=message.subject(), retry=message, name=message.name, retryable=True)
            write_failure(wiring, "parse", message.job_id, problem, whole_task=True)
    except redis.RedisError:
        return
