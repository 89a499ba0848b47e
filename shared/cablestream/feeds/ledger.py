"""The ledger of one feed: which content hashes it has ingested, and which it was in the middle of.

Two Redis hashes per feed: ``done`` (sha256 -> job id, kept) and ``open`` (sha256 -> the step reached,
small and short-lived).  A file is *claimed* (``pending``), then its job is *created* (the job id is
recorded), then its parse message is *sent* and it moves to ``done``.  A feed that dies between two
steps finds the ``open`` entry on its next run and resumes from the step it reached instead of
starting over, which is what keeps a restart from repeating a job.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import redis

PREFIX = "cs:feed"
Step = Literal["pending", "created"]


@dataclass(frozen=True, slots=True)
class OpenEntry:
    step: Step
    # pending: when the claim was made (a job created after it may be ours); created: the job id.
    value: str

    def encode(self) -> str:
        return f"{self.step}:{self.value}"

    @classmethod
    def decode(cls, text: str) -> OpenEntry:
        step, _, value = text.partition(":")
        if step not in ("pending", "created"):
            raise ValueError(f"not a ledger entry: {text!r}")
        return cls(step, value)  # type: ignore[arg-type]


class Ledger:
    def __init__(self, client: redis.Redis, feed_id: str) -> None:
        self.r = client
        self.feed_id = feed_id
        self.done_key = f"{PREFIX}:{feed_id}:done"
        self.open_key = f"{PREFIX}:{feed_id}:open"

    def done_job(self, sha256: str) -> str | None:
        raw = self.r.hget(self.done_key, sha256)
        return str(raw) if raw is not None else None

    def open_entry(self, sha256: str) -> OpenEntry | None:
        raw = self.r.hget(self.open_key, sha256)
        return OpenEntry.decode(str(raw)) if raw is not None else None

    def claim(self, sha256: str) -> tuple[OpenEntry, bool]:
        """Open an entry for a hash; or return the one a previous run left open, and True (resumed)."""
        entry = OpenEntry("pending", repr(time.time()))
        if self.r.hsetnx(self.open_key, sha256, entry.encode()):
            return entry, False
        found = self.open_entry(sha256)
        return (found, True) if found is not None else (entry, False)

    def created(self, sha256: str, job_id: str) -> None:
        self.r.hset(self.open_key, sha256, OpenEntry("created", job_id).encode())

    def finish(self, sha256: str, job_id: str) -> None:
        pipe = self.r.pipeline()  # MULTI: the hash is never both open and done, nor neither
        pipe.hset(self.done_key, sha256, job_id)
        pipe.hdel(self.open_key, sha256)
        pipe.execute()

    def unfinished(self) -> dict[str, OpenEntry]:
        entries: dict[str, str] = self.r.hgetall(self.open_key)  # type: ignore[assignment]
        return {k: OpenEntry.decode(v) for k, v in entries.items()}

    def count(self) -> int:
        return int(self.r.hlen(self.done_key))

