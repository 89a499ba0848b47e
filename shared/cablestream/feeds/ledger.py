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
        return self.done_jobs([sha256]).get(sha256)

    def done_jobs(self, hashes: list[str]) -> dict[str, str]:
        """The job of each hash already ingested (one round trip for a batch)."""
        if not hashes:
            return {}
        found: list[str | None] = self.r.hmget(self.done_key, hashes)  # type: ignore[assignment]
        return {sha: str(job) for sha, job in zip(hashes, found, strict=True) if job is not None}

    def open_entry(self, sha256: str) -> OpenEntry | None:
        raw = self.r.hget(self.open_key, sha256)
        return OpenEntry.decode(str(raw)) if raw is not None else None

    def claim(self, sha256: str) -> tuple[OpenEntry, bool]:
        """Open an entry for a hash; or return the one a previous run left open, and True (resumed)."""
        return self.claim_many([sha256])[sha256]

    def claim_many(self, hashes: list[str]) -> dict[str, tuple[OpenEntry, bool]]:
        """:meth:`claim` for a batch, in one round trip (and one more for those a previous run left)."""
        entry = OpenEntry("pending", repr(time.time()))
        pipe = self.r.pipeline(transaction=False)
        for sha in hashes:
            pipe.hsetnx(self.open_key, sha, entry.encode())
        claimed = dict(zip(hashes, pipe.execute(), strict=True))
        claims = {sha: (entry, False) for sha, fresh in claimed.items() if fresh}
        for sha in (sha for sha, fresh in claimed.items() if not fresh):
            found = self.open_entry(sha)
            claims[sha] = (found, True) if found is not None else (entry, False)
        return claims

    def created(self, sha256: str, job_id: str) -> None:
        self.created_many([sha256], job_id)

    def created_many(self, hashes: list[str], job_id: str) -> None:
        self.r.hset(self.open_key, mapping=dict.fromkeys(hashes, OpenEntry("created", job_id).encode()))

    def finish(self, sha256: str, job_id: str) -> None:
        self.finish_many([sha256], job_id)

    def finish_many(self, hashes: list[str], job_id: str) -> None:
        pipe = self.r.pipeline()  # MULTI: a hash is never both open and done, nor neither
        pipe.hset(self.done_key, mapping=dict.fromkeys(hashes, job_id))
        pipe.hdel(self.open_key, *hashes)
        pipe.execute()

    def unfinished(self) -> dict[str, OpenEntry]:
        entries: dict[str, str] = self.r.hgetall(self.open_key)  # type: ignore[assignment]
        return {k: OpenEntry.decode(v) for k, v in entries.items()}

    def count(self) -> int:
        return int(self.r.hlen(self.done_key))

