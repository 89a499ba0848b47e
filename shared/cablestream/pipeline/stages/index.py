"""Stage ``index``: load stored records by reference id and bulk-upsert them into OpenSearch."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import orjson

from cablestream.infra.iopool import io_map
from cablestream.infra.storage import ObjectMissing, record_key
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.parsing import PARSER_VERSION
from cablestream.pipeline.messages import DrainPending, ExtractRecords, IndexRecords, Message
from cablestream.pipeline.outcomes import Outcome, Problem, by_reason
from cablestream.pipeline.pending import PendingSet, by_job, index_pending
from cablestream.search.indexing import bulk_upsert
from cablestream.state.changes import ChangeFeed
from cablestream.state.failures import Subject

log = get_logger(__name__)
MAX_ROUNDS = 20  # batches one drain task may take before leaving the rest to the next task


def index_named(w: Wiring, message: IndexRecords) -> Iterator[Outcome]:
    """Index named records (retries of failure records, re-indexing; the express lane of parse workers
    before it had a pending set, which stashed their records in the archive lane's stash): records
    stashed for them are dropped once indexed (a redelivered message reads storage)."""
    stash = index_pending(w.redis)
    yield from index_batch(w, {message.job_id: message.reference_ids}, stash)
    stash.unstash(message.reference_ids)


def drain_pending(w: Wiring, message: DrainPending) -> Iterator[Outcome]:
    """Index what the parse stage left pending in the message's lane, a batch at a time.

    Members of a batch leave the set only once its outcomes were applied (extraction sent, failures
    resolved), so a worker killed between two batches leaves nothing half-done.  An express batch is
    made searchable at once whatever its size: under a flood of single files one drain takes all that
    waits, so the refresh is paid once per drain, not once per file.
    """
    pending = index_pending(w.redis, message.express)
    pending.drain_started()
    for _ in range(MAX_ROUNDS):
        taken = pending.peek(w.settings.index_batch_size)
        if not taken:
            return
        yield from index_batch(w, by_job(taken.members), pending, refresh=True if message.express else None)
        pending.done(taken)
    if pending.size() and pending.claim_wake():  # more than one drain takes: the next one goes on
        yield Outcome(None, handoff=[DrainPending(express=message.express)])


def index_batch(w: Wiring, jobs: dict[str, list[str]], stash: PendingSet,
                refresh: bool | None = None) -> Iterator[Outcome]:
    """One bulk request for the records of several jobs, an outcome per job.  Missing or rejected
    records are that job's problems; what was indexed goes on to extraction.  ``stash``: the pending
    set whose stashed records are read before storage; ``refresh``: None, by the bulk's size."""
    # One id may belong to two jobs in one batch (the same cable uploaded twice): it is loaded and sent
    # once, and counts for each job that holds it.
    ids = list(dict.fromkeys(rid for job_ids in jobs.values() for rid in job_ids))
    # Records parse stashed beside the pending members; the others (retries, a backlog) from storage.
    stashed = {rid: orjson.loads(raw) for rid, raw in stash.records(ids).items()}
    rest = [rid for rid in ids if rid not in stashed]
    loaded = stashed | dict(zip(rest, io_map(lambda rid: _load(w, rid), rest), strict=True))
    found = {rid: loaded[rid] for rid in ids if loaded.get(rid) is not None}
    if refresh is None:  # a small bulk (a trickle of files) is searchable at once; an archive's waits
        refresh = len(found) < w.settings.index_refresh_below
    result = bulk_upsert(w.search, w.settings.index_alias, list(found.values()), refresh=refresh)
    # After the bulk succeeded, so a consumer never reads a change it cannot see; deduplicated by
    # content, so a redelivered batch appends nothing new.  A Redis failure here retries the batch.
    ChangeFeed(w.redis).append("index", (found[rid] for rid in result.indexed))
    reasons = {rid: ("ObjectMissing", f"record {record_key(rid)} is not in storage")
               for rid in ids if rid not in found}
    reasons |= {rid: ("IndexRejected", reason) for rid, reason in result.rejected.items()}
    log.info("indexed batch", job_ids=list(jobs), indexed=len(result.indexed), rejected=len(reasons))
    done = set(result.indexed)
    for job_id, job_ids in jobs.items():
        indexed = [rid for rid in dict.fromkeys(job_ids) if rid in done]
        problems = by_reason([_problem(job_id, rid, *reasons[rid]) for rid in job_ids if rid in reasons],
                             partial(_retry, job_id))
        yield Outcome(job_id, passed=indexed, problems=problems, handoff=_to_extract(w, job_id, indexed))


def _to_extract(w: Wiring, job_id: str, indexed: list[str]) -> list[Message]:
    if not w.settings.extract_enabled:
        return []
    size = w.settings.extract_batch_size
    return [ExtractRecords(job_id=job_id, reference_ids=indexed[i:i + size]) for i in range(0, len(indexed), size)]


def _load(w: Wiring, reference_id: str) -> dict[str, Any] | None:
    try:
        record: dict[str, Any] = orjson.loads(w.store.load_bytes(record_key(reference_id)))
    except ObjectMissing:
        return None
    return record


def _retry(job_id: str, reference_ids: list[str]) -> IndexRecords:
    return IndexRecords(job_id=job_id, reference_ids=reference_ids)


def _problem(job_id: str, reference_id: str, error_type: str, reason: str) -> Problem:
    # A record the index refuses comes from the parser: final until it changes.  One no longer stored may
    # be stored again (a re-parse): retryable by hand.
    return Problem(error_type=error_type, reason=reason, subject=Subject(reference_id=reference_id),
                   retry=IndexRecords(job_id=job_id, reference_ids=[reference_id]), parser_version=PARSER_VERSION,
                   retryable=error_type == "ObjectMissing")
