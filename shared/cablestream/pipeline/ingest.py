"""Accepting files: store by content hash, open a job, enqueue one parse message per file.

Shared by the upload service, the CLI and the feeds, so every entrance behaves the same.
"""

from __future__ import annotations

from typing import BinaryIO

import redis

from cablestream.infra.storage import StoredFile
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import FileRef, Message, ParseFile, ParseFiles, send
from cablestream.pipeline.outcomes import Problem, write_failure
from cablestream.pipeline.rawstash import MAX_BYTES as RAW_STASH_BYTES
from cablestream.pipeline.rawstash import RawStash
from cablestream.state.jobs import FileEntry


def store_upload(wiring: Wiring, stream: BinaryIO, content_type: str | None = None) -> StoredFile:
    """Store a file by content hash; a small one is stashed in Redis too, for the parse stage to read
    there (``pipeline.rawstash``).  Stored first: the stash is a copy, never the only one."""
    stored = wiring.store.put_file(stream, content_type or "application/octet-stream")
    if stored.size <= RAW_STASH_BYTES and wiring.settings.parse_stash_files > 0:
        stream.seek(0)
        RawStash(wiring.redis_bytes).put(stored.sha256, stream.read(RAW_STASH_BYTES + 1),
                                         below=wiring.settings.parse_stash_files)
    return stored


def enqueue_files(wiring: Wiring, stored: list[tuple[str, StoredFile]], source: str) -> str:
    """Open a job for stored files and send their parse messages; returns the job id."""
    job_id, entries = open_job(wiring, stored, source)
    send_parse_messages(wiring, job_id, entries)
    return job_id


def open_job(wiring: Wiring, stored: list[tuple[str, StoredFile]], source: str) -> tuple[str, list[FileEntry]]:
    """A job for stored files, its files numbered in order; nothing sent yet."""
    entries = [FileEntry(index=i, name=name, sha256=f.sha256, size=f.size, duplicate=f.duplicate)
               for i, (name, f) in enumerate(stored)]
    return wiring.jobs.create(entries, source=source), entries


def send_parse_messages(wiring: Wiring, job_id: str, entries: list[FileEntry]) -> None:
    """The parse messages of a job's files; those a broker failure left unsent become failure records."""
    s = wiring.settings
    messages = parse_messages(job_id, entries, s.parse_batch_files, s.parse_batch_file_bytes, s.express_lane)
    for sent, message in enumerate(messages):
        try:
            send(wiring.celery, message)
        except Exception as err:
            _unsent(wiring, [unit for m in messages[sent:] for unit in m.split()], err)
            raise


def parse_messages(job_id: str, entries: list[FileEntry], per_message: int, small: int,
                   express: bool = True) -> list[Message]:
    """A message per large file, and the small ones several to a message, in the express lane: a user
    waits for them, and they must not queue behind archives."""
    smalls = [e for e in entries if e.size <= small]
    large: list[Message] = [parse_message(job_id, e) for e in entries if e.size > small]
    messages: list[Message] = []
    step = max(1, per_message)
    for start in range(0, len(smalls), step):
        chunk = smalls[start:start + step]
        messages.append(ParseFiles(job_id=job_id, files=[FileRef(index=e.index, sha256=e.sha256, name=e.name)
                                                         for e in chunk], express=express)
                        if len(chunk) > 1 else parse_message(job_id, chunk[0], express=express))
    return [*messages, *large]


def parse_message(job_id: str, entry: FileEntry, express: bool = False) -> ParseFile:
    return ParseFile(job_id=job_id, index=entry.index, sha256=entry.sha256, name=entry.name, express=express)


def _unsent(wiring: Wiring, messages: list[Message], err: Exception) -> None:
    """The broker failed part-way: the files are stored but their messages were not sent.  Leave each
    a retryable failure, so that the job ends as failed and a retry sends the message, instead of a
    job that waits for ever.  If Redis itself is gone, the caller's error is all there is."""
    try:
        for message in messages:
            problem = Problem(error_type="NotQueued", reason=f"the parse message could not be sent: {err}",
                              subject=message.subject(), retry=message, name=getattr(message, "name", None),
                              retryable=True)
            write_failure(wiring, "parse", message.job_id, problem, whole_task=True)
    except redis.RedisError:
        return
