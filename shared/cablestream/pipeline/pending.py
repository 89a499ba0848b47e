"""A stage's pending work: ``job_id|reference_id`` members in a Redis hash, each with a generation.

Files arrive one message each, often with one cable each; indexing them one bulk request per file
would make the index stage the bottleneck.  So the parse stage adds ids here and sends a small "drain"
message; whichever index task runs next takes up to a batch, across files and jobs.

Members leave only after their batch succeeded (at least once).  A member taken by two tasks at once
is indexed twice, which the upsert by reference id makes harmless.  The generation closes the other
race: a cable re-parsed while a drain holds its older record bumps the generation, so that drain's
``done`` leaves the member in place and the newer record is indexed by the next drain.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import redis

PREFIX = "cs:pending"
WAKE_SECONDS = 60
# The index stage keeps two: archives' cables, and the express lane's (small files a user or a feed waits
# for), so that a feed's file never waits behind an archive's backlog, yet a flood of single files is still
# indexed many to a bulk and a refresh.
INDEX, INDEX_EXPRESS = "index", "index-express"

# Remove each member only if its generation is still the one that was taken, and its stashed record
# with it (a record stashed again meanwhile, by a newer parse, goes with the newer member).
_DONE_IF_UNCHANGED = """
local removed = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    removed = removed + redis.call('HDEL', KEYS[1], ARGV[i])
    local bar = string.find(ARGV[i], '|', 1, true)
    redis.call('HDEL', KEYS[2], string.sub(ARGV[i], bar + 1))
  end
end
return removed
"""

@dataclass(frozen=True)
class Taken:
    """Members handed to one drain, with the generation each had when taken."""

    generations: dict[str, str]

    @property
    def members(self) -> list[str]:
        return list(self.generations)

    def __bool__(self) -> bool:
        return bool(self.generations)


class PendingSet:
    def __init__(self, client: redis.Redis, stage: str) -> None:
        self.r = client
        # A hash since 1.1 (a set before): a new key name, so an old set is never read as a hash.
        self.key = f"{PREFIX}:{stage}:gen"
        self.wake_key = f"{PREFIX}:{stage}:wake"
        self.records_key = f"{PREFIX}:{stage}:records"
        self._done = client.register_script(_DONE_IF_UNCHANGED)

    def add(self, job_id: str, reference_ids: list[str], records: dict[str, bytes] | None = None,
            stash_below: int = 0) -> None:
        """Add members; ``records`` (reference id -> stored JSON) are stashed beside them, so the drain
        reads them here instead of from object storage, while the set is smaller than ``stash_below``
        (beyond, a backlog would hold Redis memory: the drain reads storage)."""
        if not reference_ids:
            return
        stash = bool(records) and self.size() < stash_below
        pipe = self.r.pipeline(transaction=True)
        if stash and records:
            pipe.hset(self.records_key, mapping=records)  # type: ignore[arg-type]
        for rid in reference_ids:
            pipe.hincrby(self.key, f"{job_id}|{rid}", 1)
        pipe.execute()

    def unstash(self, reference_ids: list[str]) -> None:
        """Drop the stashed records of these ids (indexed).  A newer record stashed meanwhile goes too:
        the task that names it reads it from storage, where it was stored before it was stashed."""
        if reference_ids:
            self.r.hdel(self.records_key, *reference_ids)

    def records(self, reference_ids: list[str]) -> dict[str, str]:
        """The stashed records of these ids (those stashed: the others are read from storage)."""
        if not reference_ids:
            return {}
        found: list[str | None] = self.r.hmget(self.records_key, reference_ids)  # type: ignore[assignment]
        return {rid: raw for rid, raw in zip(reference_ids, found, strict=True) if raw is not None}

    def peek(self, limit: int) -> Taken:
        """Up to ``limit`` members, left in place until :meth:`done`."""
        pairs: list[str] = self.r.hrandfield(self.key, limit, withvalues=True) or []  # type: ignore[assignment]
        return Taken(dict(zip(pairs[::2], pairs[1::2], strict=True)))

    def done(self, taken: Taken) -> int:
        """Remove the members taken, except those added again since; returns how many left."""
        if not taken:
            return 0
        args = [item for pair in taken.generations.items() for item in pair]
        return int(self._done(keys=[self.key, self.records_key], args=args))

    def size(self) -> int:
        return int(self.r.hlen(self.key))

    def claim_wake(self) -> bool:
        """Whether the caller should send a drain message: True for one caller until a drain starts
        (:meth:`drain_started`), so a thousand files parsed send a handful of drains, not a thousand.
        The flag expires, so a drain that never ran (its message failed for good) is sent again."""
        return bool(self.r.set(self.wake_key, "1", nx=True, ex=WAKE_SECONDS))

    def drain_started(self) -> None:
        """Before a drain peeks: members added from now on wake another drain, those added before are
        seen by this one, so no member is left without a drain to take it."""
        self.r.delete(self.wake_key)


def index_pending(client: redis.Redis, express: bool = False) -> PendingSet:
    """The index stage's pending set of one lane."""
    return PendingSet(client, INDEX_EXPRESS if express else INDEX)


def index_backlog(client: redis.Redis) -> int:
    """Cables parsed and waiting to be indexed, both lanes."""
    return index_pending(client).size() + index_pending(client, express=True).size()


def by_job(members: list[str]) -> dict[str, list[str]]:
    """``job_id|rid`` members grouped as job id -> reference ids, in order."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for member in members:
        job_id, _, reference_id = member.partition("|")
        grouped[job_id].append(reference_id)
    return dict(grouped)
