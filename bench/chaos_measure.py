"""What a scenario measures: job progress while it runs, and at the end lost cables, duplicate changes
and stuck jobs, read from the namespace's own Redis and index (never through the services under test).

- lost: a cable of an accepted archive that is not in the index when the run ends (whether or not a
  failure record names it: either way a user searching for it does not find it);
- duplicates: change-feed entries beyond the first for one (reference id, content digest); the feed
  promises each change once (``cablestream.state.changes``);
- stuck: a job neither done nor failed when the run ends (with extraction on: or whose cables are
  indexed but not all extracted).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field

import redis

from cablestream.infra.queue import TASK_EXTRACT
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ExtractRecords, from_envelope
from cablestream.search.paging import scan_ids
from cablestream.state.changes import STREAM
from cablestream.state.jobs import PREFIX as JOB_PREFIX

SETTLED_STATES = {"done", "failed"}
UNACKED = "unacked"  # kombu's hash of delivered, unacknowledged messages


@dataclass(frozen=True)
class Snapshot:
    at: float
    jobs: int
    files: int  # files of all jobs: a feed's files that arrive together share a job
    unsettled: int  # jobs neither done nor failed
    unextracted: int  # jobs with cables indexed but not extracted
    parsed: int
    indexed: int
    extracted: int


def snapshot(w: Wiring) -> Snapshot | None:
    """The jobs' counts now, or None while Redis does not answer (a Redis fault)."""
    try:
        jobs = [w.jobs.get(j) for j in w.jobs.recent(limit=100_000)]
    except redis.RedisError:
        return None
    counts = [j["counts"] for j in jobs if j]
    return Snapshot(
        at=time.monotonic(), jobs=len(counts), files=sum(c["files"] for c in counts),
        unsettled=sum(1 for j in jobs if j and j["state"] not in SETTLED_STATES),
        unextracted=sum(1 for c in counts if c["cables_extracted"] < c["cables_indexed"]),
        parsed=sum(c["cables_parsed"] for c in counts), indexed=sum(c["cables_indexed"] for c in counts),
        extracted=sum(c["cables_extracted"] for c in counts))


def held_extractions(w: Wiring) -> dict[str, set[str]]:
    """Reference ids (by job) of every extract message delivered and not yet acknowledged: the work the
    extract worker holds, which a kill of it must not lose."""
    held: dict[str, set[str]] = {}
    for raw in w.redis.hvals(UNACKED):
        try:
            envelope = json.dumps(json.loads(raw)[0])
        except (ValueError, IndexError, TypeError):
            continue
        message = from_envelope(TASK_EXTRACT, envelope)
        if isinstance(message, ExtractRecords) and message.job_id:
            held.setdefault(message.job_id, set()).update(message.reference_ids)
    return held


def still_unextracted(w: Wiring, held: dict[str, set[str]]) -> int | None:
    """How many of ``held`` are not yet counted as extracted by their job (None: Redis away)."""
    try:
        missing = 0
        for job_id, ids in held.items():
            ordered = sorted(ids)
            flags = w.redis.smismember(f"{JOB_PREFIX}:{job_id}:extracted", ordered)
            missing += sum(1 for flag in flags if not flag)
        return missing
    except redis.RedisError:
        return None


@dataclass
class Tally:
    cables_in: int
    indexed: int
    lost: int
    unexpected: int
    duplicates: int
    stuck: int
    extracted: int | None
    failures: dict[str, int] = field(default_factory=dict)  # open failure records by stage:error type


def tally(w: Wiring, expected: set[str], all_ids: frozenset[str], extract: bool) -> Tally:
    """The end-of-run counts; the index is refreshed first so that every bulk that succeeded counts."""
    w.search.indices.refresh(index=w.settings.index_alias)
    found = set(_ids(w, {"match_all": {}}))
    extracted = len(expected & set(_ids(w, {"exists": {"field": "extractor_version"}}))) if extract else None
    last = snapshot(w)
    stuck = (last.unsettled + (last.unextracted if extract else 0)) if last else -1
    open_failures = Counter(f"{f.stage}:{f.error_type}" for f in w.failures.query(limit=10_000))
    return Tally(cables_in=len(expected), indexed=len(expected & found), lost=len(expected - found),
                 unexpected=len(found - all_ids), duplicates=duplicate_changes(w.redis), stuck=stuck,
                 extracted=extracted, failures=dict(open_failures))


def _ids(w: Wiring, query: dict[str, object]) -> list[str]:
    return list(scan_ids(w.search, w.settings.index_alias, query))


def duplicate_changes(client: redis.Redis, page: int = 10_000) -> int:
    """Change-feed entries beyond the first for each (reference id, digest)."""
    seen: Counter[tuple[str, str]] = Counter()
    after = "-"
    while True:
        # The client decodes responses (Wiring): entries are (stream id, {field: value}) of str.
        entries: list[tuple[str, dict[str, str]]] = client.xrange(STREAM, min=after, max="+", count=page)  # type: ignore[assignment]
        for _, fields in entries:
            seen[(fields["id"], fields["digest"])] += 1
        if len(entries) < page:
            return sum(n - 1 for n in seen.values() if n > 1)
        after = f"({entries[-1][0]}"
