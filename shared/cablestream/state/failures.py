"""Failure records: every file or cable that failed, with the stage, why, and how to retry it.

A failure's id is derived from what failed (its :class:`Subject` and stage), so the same failure seen
again updates one record (``attempts`` + 1, ``last_seen``) instead of adding another.  Records are
written by one function (``pipeline.outcomes.write_failure``); this module only stores and reads them.

``retryable`` says what the failure was: an infrastructure error or a lost worker (a retry may well go
through) or a data error (the same bytes through the same parser fail the same way: final until the
parser or extractor version changes, which ``pipeline.replay`` checks).
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
SAMPLES = 5  # members named in the record itself
MAX_MEMBERS = 100_000  # members kept per record (its count is exact): bounds a record's memory
# How records written before 0.2 spelled "this failure belongs to no job".
_NO_JOB = {"unknown", "-", ""}


@dataclass(frozen=True)
class Subject:
    """What failed: a file (hash, position in its job), one cable, or a batch of cables."""

    sha256: str | None = None
    index: int | None = None
    reference_id: str | None = None
    # A task about a batch of cables failed as a whole: every cable of it, so that the failure is
    # found from any of them and resolved when the whole batch goes through.
    reference_ids: tuple[str, ...] = ()
    # The members of one file that failed for one reason share one record (``group`` is the reason's
    # type): an archive of 5,000 bad members is a handful of records, not 5,000.
    group: str | None = None

    @classmethod
    def of_references(cls, reference_ids: list[str]) -> Subject:
        if len(reference_ids) == 1:
            return cls(reference_id=reference_ids[0])
        return cls(reference_ids=tuple(reference_ids))

    def failure_id(self, stage: str, whole_task: bool = False) -> str:
        """The id of a failure is what failed, so the same failure seen again is the same record."""
        key = f"{stage}|{self.sha256}|{self.index}|{self.reference_id}" + ("|task" if whole_task else "")
        if self.group:
            key += f"|group:{self.group}"
        if self.reference_ids:
            key += "|" + hashlib.sha1("|".join(sorted(self.reference_ids)).encode()).hexdigest()
        return hashlib.sha1(key.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Member:
    """One member of a file that failed, as listed (by page) under its file's failure record."""

    index: int
    name: str | None
    reference_id: str | None
    reason: str

    def label(self) -> str:
        return self.name or self.reference_id or f"#{self.index}"


@dataclass
class Failure:
    stage: str
    error_type: str
    message: str
    job_id: str | None  # None: work of no job (reextract, the pending set as a whole)
    sha256: str | None = None
    name: str | None = None
    index: int | None = None
    reference_id: str | None = None
    reference_ids: list[str] = field(default_factory=list)
    group: str | None = None
    count: int = 1  # inputs this record covers (members of a file that failed for the same reason)
    samples: list[str] = field(default_factory=list)  # the first of them, named; all: FailureStore.members
    # The task as a whole failed (a server down past its retries, a worker lost), not one input of it:
    # a separate record from the data failures the same message may have left, so that the task
    # succeeding later resolves this one only.
    whole_task: bool = False
    parser_version: str | None = None
    extractor_version: str | None = None
    retryable: bool = False  # False: a data error, final until the parser or extractor changes
    # The task that retries it and its message (``pipeline.messages``), so a retry is one message away.
    task: str | None = None
    retry_message: dict[str, Any] | None = None
    legacy_args: list[Any] = field(default_factory=list)  # the positional message of a record before 0.2
    attempts: int = 1
    first_seen: float = field(default_factory=time.time)
    last_seen: float = field(default_factory=time.time)
    resolved: bool = False

    @property
    def subject(self) -> Subject:
        return Subject(self.sha256, self.index, self.reference_id, tuple(self.reference_ids), self.group)

    @property
    def id(self) -> str:
        return self.subject.failure_id(self.stage, whole_task=self.whole_task)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"id": self.id, "retry": f"POST /v1/failures/{self.id}/retry"}

    @classmethod
    def from_stored(cls, raw: str) -> Failure:
        data = json.loads(raw)
        if "args" in data:  # written before messages were typed
            data["legacy_args"] = data.pop("args")
        if data.get("job_id") in _NO_JOB:
            data["job_id"] = None
        return cls(**data)


class FailureStore:
    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def record(self, failure: Failure, members: list[Member] | None = None) -> str:
        """Store a failure, or bump the one already stored for the same thing.  Two workers failing
        on the same thing at once both count: the read and the write are one optimistic transaction.
        ``members`` (of a grouped record) replace those of the last time, kept up to MAX_MEMBERS."""
        key = f"{PREFIX}:{failure.id}"
        if members is not None:
            failure.count = len(members)
            failure.samples = [m.label() for m in members[:SAMPLES]]

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
            if failure.job_id:
                pipe.zadd(f"{PREFIX}s:job:{failure.job_id}", {failure.id: failure.last_seen})
            if failure.sha256:
                pipe.sadd(f"{PREFIX}s:file:{failure.sha256}", failure.id)
            for reference_id in {failure.reference_id, *failure.reference_ids} - {None}:
                pipe.sadd(f"{PREFIX}s:ref:{reference_id}", failure.id)
            if members is not None:
                _write_members(pipe, f"{key}:members", members)

        self.r.transaction(write, key)
        return failure.id

    def members(self, failure_id: str, offset: int = 0, limit: int = 100) -> tuple[int, list[Member]]:
        """The members a grouped record covers, a page at a time, and how many are kept."""
        key = f"{PREFIX}:{failure_id}:members"
        pipe = self.r.pipeline(transaction=False)
        pipe.llen(key)
        pipe.lrange(key, offset, offset + limit - 1)
        total, raws = pipe.execute()
        return int(total), [Member(**json.loads(raw)) for raw in raws]

    def for_file(self, sha256: str) -> set[str]:
        return self.for_files([sha256])

    def for_files(self, sha256s: list[str]) -> set[str]:
        """Failures about any of these files, in one round trip."""
        if not sha256s:
            return set()
        return set(self.r.sunion([f"{PREFIX}s:file:{sha}" for sha in sha256s]))  # type: ignore[arg-type]

    def for_references(self, reference_ids: list[str]) -> set[str]:
        """Failures about any of these cables, in one round trip (an empty set costs none)."""
        if not reference_ids:
            return set()
        return set(self.r.sunion([f"{PREFIX}s:ref:{rid}" for rid in reference_ids]))  # type: ignore[arg-type]

    def is_open(self, failure_id: str) -> bool:
        return self.r.zscore(OPEN, failure_id) is not None

    def open_among(self, failure_ids: list[str]) -> set[str]:
        """Those of these failures that are open, in one round trip (a batch of 64 files asked 64)."""
        if not failure_ids:
            return set()
        scores: list[float | None] = self.r.zmscore(OPEN, failure_ids)
        return {fid for fid, score in zip(failure_ids, scores, strict=True) if score is not None}

    def get(self, failure_id: str) -> Failure | None:
        raw = self.r.get(f"{PREFIX}:{failure_id}")
        return Failure.from_stored(raw) if raw is not None else None  # type: ignore[arg-type]

    def resolve(self, failure_id: str) -> Failure | None:
        """Mark a failure resolved (its input later went through); returns it if it was open."""
        key = f"{PREFIX}:{failure_id}"

        resolved: list[Failure] = []

        def write(pipe: redis.client.Pipeline) -> None:
            resolved.clear()  # the callable runs again if the key changed under it
            raw = pipe.get(key)
            failure = Failure.from_stored(raw) if raw is not None else None  # type: ignore[arg-type]
            if failure is None or failure.resolved:
                return
            failure.resolved = True
            pipe.multi()
            pipe.set(key, json.dumps(asdict(failure)))
            pipe.zrem(OPEN, failure_id)
            pipe.delete(f"{key}:members")  # a resolved record keeps its count, not the list
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
            ids: list[str] = self.r.zrevrange(index, offset, offset + size - 1)  # type: ignore[assignment]
            if not ids:
                return
            raws: list[str | None] = self.r.mget([f"{PREFIX}:{i}" for i in ids])  # type: ignore[assignment]
            yield [Failure.from_stored(raw) for raw in raws if raw is not None]
            offset += size

    def count_open(self) -> int:
        return int(self.r.zcard(OPEN))


def _write_members(pipe: redis.client.Pipeline, key: str, members: list[Member]) -> None:
    pipe.delete(key)
    kept = [json.dumps(asdict(m), separators=(",", ":")) for m in members[:MAX_MEMBERS]]
    for start in range(0, len(kept), 1000):
        pipe.rpush(key, *kept[start:start + 1000])
