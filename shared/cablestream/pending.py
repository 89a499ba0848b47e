"""A stage's pending work as a Redis set of ``job_id|reference_id`` members.

Files arrive one message each, often with one cable each; indexing them one bulk request per file
would make the index stage the bottleneck.  So the parse stage adds ids here and sends a small "drain"
message; whichever index task runs next takes up to a batch from the set, across files and jobs.
Members are removed only after their batch succeeded (at least once); a member taken by two tasks at
once is indexed twice, which the upsert by reference id makes harmless.
"""

from __future__ import annotations

from collections import defaultdict

import redis

PREFIX = "cs:pending"


class PendingSet:
    def __init__(self, client: redis.Redis, stage: str) -> None:
        self.r = client
        self.key = f"{PREFIX}:{stage}"

    def add(self, job_id: str, reference_ids: list[str]) -> None:
        if reference_ids:
            self.r.sadd(self.key, *(f"{job_id}|{rid}" for rid in reference_ids))

    def peek(self, limit: int) -> list[str]:
        """Up to ``limit`` members, left in the set until :meth:`done`."""
        members = self.r.srandmember(self.key, limit) or []
        return [m.decode() if isinstance(m, bytes) else str(m) for m in members]

    def done(self, members: list[str]) -> None:
        if members:
            self.r.srem(self.key, *members)

    def size(self) -> int:
        return int(self.r.scard(self.key))


def by_job(members: list[str]) -> dict[str, list[str]]:
    """``job_id|rid`` members grouped as job id -> reference ids, in order."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for member in members:
        job_id, _, reference_id = member.partition("|")
        grouped[job_id].append(reference_id)
    return dict(grouped)
