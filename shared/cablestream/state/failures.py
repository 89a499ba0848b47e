"""Failure records: every file or cable that failed, with the stage, why, and how to retry it.

A failure's id is derived from what failed (stage, file hash, position, reference id), so the same
failure seen again updates one record (``attempts`` + 1, ``last_seen``) instead of adding another.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import redis

PREFIX = "cs:failure"
OPEN = f"{PREFIX}s:open"  # the open failures, by when last seen: counted and listed without a scan


@dataclass
class Failure:
    stage: str
    error_type: str
    message: str
    job_id: str
    sha256: str | None = None
    name: str | None = None
    index: int | None = None
    reference_id: str | None = None
    # A task about a batch of cables failed as a whole: every cable of it, so that the failure is
    # found from any of them (``for_reference``) and resolved when the batch goes through.
    reference_ids: list[str] = field(default_factory=list)
    # The task as a whole failed (a server down past its retries, a worker lost), not one input of it:
    # a separate record from the data failures the same message may have left, so that the task
    # succeeding later resolves this one only.
    whole_task: bool = False
    parser_version: str | None = None
    extractor_version: str | None = None
    retryable: bool = False
    # The task that retries it and its arguments (ids only), so a retry is one message away.
    task: str | None = None
    args: list[Any] = field(default_factory=list)
    attempts: int = 1
    first_seen: float = field(default_factory=time.time)
    last_seen: float = field(default_factory=time.time)
    resolved: bool = False

    @property
    def id(self) -> str:
        return failure_id(self.stage, self.sha256, self.index, self.reference_id, self.reference_ids,
                          whole_task=self.whole_task)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"id": self.id, "retry": f"POST /v1/failures/{self.id}/retry"}


def failure_id(stage: str, sha256: str | None = None, index: int | None = None,
               reference_id: str | None = None, reference_ids: list[str] | None = None,
               whole_task: bool = False) -> str:
    """The id of a failure is what failed, so the same failure seen again is the same record."""
    subject = f"{stage}|{sha256}|{index}|{reference_id}" + ("|task" if whole_task else "")
    if reference_ids:
        subject += "|" + hashlib.sha1("|".join(sorted(reference_ids)).encode()).hexdigest()
    return hashlib.sha1(subject.encode()).hexdigest()[:20]


class FailureStore:
    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def record(self, failure: Failure) -> str:
        """Store a failure, or bump the one already stored for the same thing.  Two workers failing
        on the same thing at once both count: the read and the write are one optimistic transaction."""
        key = f"{PREFIX}:{failure.id}"

        def write(pipe: redis.client.Pipeline) -> None:
            raw = pipe.get(key)
            if raw is not None:
                old = json.loads(raw)
                failure.first_seen = old["first_seen"]
                failure.attempts = old["attempts"] + 1
            failure.resolved = False
            pipe.multi()
            pipe.set(key, json.dumps(asdict(failure)))
            pipe.zadd(f"{PREFIX}s", {failure.id: failure.last_seen})
            pipe.zadd(OPEN, {failure.id: failure.last_seen})
            pipe.zadd(f"{PREFIX}s:stage:{failure.stage}", {failure.id: failure.last_seen})
            pipe.zadd(f"{PREFIX}s:job:{failure.job_id}", {failure.id: failure.last_seen})
            if failure.sha256:
                pipe.sadd(f"{PREFIX}s:file:{failure.sha256}", failure.id)
            for reference_id in {failure.reference_id, *failure.reference_ids} - {None}:
                pipe.sadd(f"{PREFIX}s:ref:{reference_id}", failure.id)

        self.r.transaction(write, key)
        return failure.id

    def for_file(self, sha256: str) -> set[str]:
        return {_s(i) for i in self.r.smembers(f"{PREFIX}s:file:{sha256}")}

    def for_reference(self, reference_id: str) -> set[str]:
        return {_s(i) for i in self.r.smembers(f"{PREFIX}s:ref:{reference_id}")}

    def get(self, failure_id: str) -> Failure | None:
        raw = self.r.get(f"{PREFIX}:{failure_id}")
        return Failure(**json.loads(raw)) if raw is not None else None

    def resolve(self, failure_id: str) -> Failure | None:
        """Mark a failure resolved (its input later went through); returns it if it was open."""
        key = f"{PREFIX}:{failure_id}"

        resolved: list[Failure] = []

        def write(pipe: redis.client.Pipeline) -> None:
            resolved.clear()  # the callable runs again if the key changed under it
            raw = pipe.get(key)
            failure = Failure(**json.loads(raw)) if raw is not None else None
            if failure is None or failure.resolved:
                return
            failure.resolved = True
            pipe.multi()
            pipe.set(key, json.dumps(asdict(failure)))
            pipe.zrem(OPEN, failure_id)
            resolved.append(failure)

        # The same transaction as record(): a failure seen again meanwhile is not marked resolved.
        self.r.transaction(write, key)
        return resolved[0] if resolved else None

    def query(self, stage: str | None = None, job_id: str | None = None, error_type: str | None = None,
              include_resolved: bool = False, limit: int = 100) -> list[Failure]:
        """Newest first, filtered.  Walks the narrowest index (the job's, the stage's, the open ones)
        page by page, so a filter finds its failures however many others there are."""
        if job_id:
            index = f"{PREFIX}s:job:{job_id}"
        elif stage:
            index = f"{PREFIX}s:stage:{stage}"
        else:
            index = f"{PREFIX}s" if include_resolved else OPEN
        out: list[Failure] = []
        for page in self._pages(index):
            for failure in page:
                if (stage and failure.stage != stage) or (job_id and failure.job_id != job_id) \
                        or (error_type and failure.error_type != error_type) \
                        or (failure.resolved and not include_resolved):
                    continue
                out.append(failure)
                if len(out) >= limit:
                    return out
        return out

    def _pages(self, index: str, size: int = 500) -> Iterator[list[Failure]]:
        offset = 0
        while True:
            ids: list[bytes] = self.r.zrevrange(index, offset, offset + size - 1)  # type: ignore[assignment]
            if not ids:
                return
            raws = self.r.mget([f"{PREFIX}:{_s(i)}" for i in ids])
            yield [Failure(**json.loads(raw)) for raw in raws if raw is not None]
            offset += size

    def recent(self, limit: int = 100, offset: int = 0) -> list[Failure]:
        ids: list[bytes] = self.r.zrevrange(f"{PREFIX}s", offset, offset + limit - 1)  # type: ignore[assignment]
        if not ids:
            return []
        raws = self.r.mget([f"{PREFIX}:{_s(i)}" for i in ids])
        return [Failure(**json.loads(raw)) for raw in raws if raw is not None]

    def count_open(self) -> int:
        return int(self.r.zcard(OPEN))

    def count(self) -> int:
        return int(self.r.zcard(f"{PREFIX}s"))


def _s(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
