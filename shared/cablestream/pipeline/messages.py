"""The messages between stages: one type per task, sent as a JSON object with a version field.

Every producer (ingest, the feeds, the stages' hand-offs, reextract, retries of failure records) builds
one of these, and every consumer (the lifecycle, feed recovery) reads one back with :func:`decode`.
Fields are named, so reordering them cannot silently swap a job id for a file index.

Messages carry ids and object keys, never file bytes.  A message written before messages were typed (a
positional list) is still read: :data:`_LEGACY_FIELDS` names its positions.  One of a version this code
does not know is refused with :class:`BadMessage`, which the lifecycle records as a final failure.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Collection
from typing import Any, ClassVar, Literal

from celery import Celery
from pydantic import BaseModel, ConfigDict, ValidationError

from cablestream.errors import DataError
from cablestream.infra.queue import (
    EXPRESS,
    QUEUE_INDEX,
    QUEUE_PARSE,
    TASK_EXTRACT,
    TASK_INDEX,
    TASK_INDEX_PENDING,
    TASK_PARSE,
    TASK_PARSE_FILES,
)
from cablestream.state.failures import Subject

VERSION = 1
RETRY_OF = "cs_retry_of"  # header of a message sent to retry a failure record: its id


class BadMessage(DataError):
    """A message no stage can read: an unknown version or task, or fields that do not validate."""


class Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    TASK: ClassVar[str]
    v: Literal[1] = 1  # VERSION
    job_id: str | None = None

    def subject(self) -> Subject:
        """What a failure of this message as a whole is about (its failure id derives from it)."""
        return Subject()

    def encode(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def split(self) -> list[Message]:
        """The messages that each run one unit of this one: a failure of the whole task is recorded,
        and retried, unit by unit."""
        return [self]

    def queue(self) -> str | None:
        """The queue this message goes to when not its task's (``infra.queue.ROUTES``)."""
        return None


class LaneMessage(Message):
    """A message that may take the express lane (``infra.queue.EXPRESS``): small work a user waits for."""

    STAGE: ClassVar[str]
    express: bool = False

    def queue(self) -> str | None:
        return EXPRESS[self.STAGE] if self.express else None


class ParseFile(LaneMessage):
    """Parse one stored file of a job."""

    TASK, STAGE = TASK_PARSE, QUEUE_PARSE
    job_id: str
    index: int
    sha256: str
    name: str | None = None

    def subject(self) -> Subject:
        return Subject(sha256=self.sha256, index=self.index)


class FileRef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int
    sha256: str
    name: str | None = None


class ParseFiles(LaneMessage):
    """Parse several small stored files of one job in one task: their reads and writes overlap, and the
    per-task cost is paid once.  Each file keeps its own state and failure records."""

    TASK, STAGE = TASK_PARSE_FILES, QUEUE_PARSE
    job_id: str
    files: list[FileRef]

    def split(self) -> list[Message]:
        return [ParseFile(job_id=self.job_id, index=f.index, sha256=f.sha256, name=f.name, express=self.express)
                for f in self.files]


class IndexRecords(LaneMessage):
    """Index named records: retries of index failure records (and the express parses of 1.x parse workers)."""

    TASK, STAGE = TASK_INDEX, QUEUE_INDEX
    job_id: str
    reference_ids: list[str]

    def subject(self) -> Subject:
        return Subject.of_references(self.reference_ids)


class DrainPending(LaneMessage):
    """Index what the parse stage left pending, across files and jobs (``pipeline.pending``); ``express``:
    the express lane's pending set, drained on its queue and made searchable at once."""

    TASK, STAGE = TASK_INDEX_PENDING, QUEUE_INDEX


class ExtractRecords(Message):
    """Extract entities of stored records; ``force`` extracts again records already current."""

    TASK = TASK_EXTRACT
    reference_ids: list[str]
    force: bool = False

    def subject(self) -> Subject:
        return Subject.of_references(self.reference_ids)


MESSAGES: dict[str, type[Message]] = {m.TASK: m for m in (ParseFile, ParseFiles, IndexRecords, DrainPending,
                                                            ExtractRecords)}
# Positional arguments of each task before messages were typed, in order.
_LEGACY_FIELDS: dict[str, tuple[str, ...]] = {
    TASK_PARSE: ("job_id", "index", "sha256", "name"),
    TASK_PARSE_FILES: (),  # new with typed messages: never positional
    TASK_INDEX: ("job_id", "reference_ids"),
    TASK_INDEX_PENDING: (),
    TASK_EXTRACT: ("job_id", "reference_ids", "force"),
}


def decode(task: str, args: list[Any] | tuple[Any, ...], kwargs: dict[str, Any] | None = None) -> Message:
    """The typed message of a task's arguments: one JSON object, or a legacy positional list."""
    kind = MESSAGES.get(task)
    if kind is None:
        raise BadMessage(f"no stage reads task {task!r}")
    return read(kind, args, kwargs)


def read(kind: type[Message], args: list[Any] | tuple[Any, ...], kwargs: dict[str, Any] | None = None) -> Message:
    """A message of a known type from a task's arguments."""
    task = kind.TASK
    if kwargs:
        raise BadMessage(f"{task}: keyword arguments {sorted(kwargs)} are not a message")
    if len(args) == 1 and isinstance(args[0], dict):
        payload = args[0]
        if payload.get("v") != VERSION:
            raise BadMessage(f"{task}: message version {payload.get('v')!r}; this worker reads version {VERSION}")
    else:
        payload = _legacy(task, args)
    try:
        return kind.model_validate(payload)
    except ValidationError as err:
        raise BadMessage(f"{task}: {_first_error(err)}") from None


def _legacy(task: str, args: list[Any] | tuple[Any, ...]) -> dict[str, Any]:
    fields = _LEGACY_FIELDS[task]
    if len(args) > len(fields) or (fields and len(args) < 2):
        raise BadMessage(f"{task}: {len(args)} positional arguments, expected a message object")
    return dict(zip(fields, args, strict=False))


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "message"
    return f"{where}: {first['msg']}"


def send(app: Celery, message: Message, retry_of: str | None = None) -> None:
    """Send a message to its task's queue; the ``enqueued_at`` header lets metrics tell how long
    messages wait, ``cs_retry_of`` names the failure record a retry was sent for."""
    headers: dict[str, Any] = {"enqueued_at": time.time()}
    if retry_of:
        headers[RETRY_OF] = retry_of
    if queue := message.queue():
        app.send_task(message.TASK, args=[message.encode()], headers=headers, queue=queue)
    else:
        app.send_task(message.TASK, args=[message.encode()], headers=headers)


def from_envelope(task: str | Collection[str], envelope: str | bytes) -> Message | None:
    """The message inside a Kombu envelope waiting in the broker (a Redis list entry), or None if it is
    not one of ``task`` (a task name or several): used by feed recovery to see what was already sent,
    without taking it."""
    tasks = {task} if isinstance(task, str) else set(task)
    try:
        outer = json.loads(envelope)
        found = outer.get("headers", {}).get("task")
        if found not in tasks:
            return None
        body = outer["body"]
        if outer.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args, kwargs, _ = json.loads(body)
        return decode(found, args, kwargs)
    except (ValueError, KeyError, TypeError, AttributeError, BadMessage):
        return None


__all__ = [
    "BadMessage",
    "DrainPending",
    "ExtractRecords",
    "FileRef",
    "IndexRecords",
    "Message",
    "ParseFile",
    "ParseFiles",
    "decode",
    "from_envelope",
    "read",
    "send",
]
