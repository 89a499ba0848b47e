"""Stage ``index``: load stored records by reference id and bulk-upsert them into OpenSearch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from cablestream.infra.iopool import io_map
from cablestream.infra.queue import TASK_INDEX
from cablestream.infra.storage import ObjectMissing, record_key
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.pipeline.pending import PendingSet, by_job
from cablestream.search.indexing import bulk_upsert
from cablestream.state.changes import ChangeFeed
from cablestream.state.failures import Failure

log = get_logger(__name__)
MAX_ROUNDS = 20  # batches one drain task may take before leaving the rest to the next task


def index_records(w: Wiring, job_id: str, reference_ids: list[str]) -> list[str]:
    """Index the records of one job; returns the ids indexed."""
    return index_batch(w, {job_id: reference_ids}).get(job_id, [])


def drain_pending(w: Wiring, after: Callable[[str, list[str]], None]) -> int:
    """Index what the parse stage left pending, a batch at a time; returns how many were indexed.

    ``after(job_id, ids)`` (extraction, failure resolution) runs for each batch before its members
    leave the set, so a worker killed between two batches leaves nothing half-done.
    """
    pending = PendingSet(w.redis, "index")
    total = 0
    for _ in range(MAX_ROUNDS):
        taken = pending.peek(w.settings.index_batch_size)
        if not taken:
            break
        for job_id, ids in index_batch(w, by_job(taken.members)).items():
            after(job_id, ids)
            total += len(ids)
        pending.done(taken)
    return total


def index_batch(w: Wiring, jobs: dict[str, list[str]]) -> dict[str, list[str]]:
    """One bulk request for the records of several jobs.  Missing or rejected records become
    failures; returns job id -> ids indexed."""
    job_of = {rid: job_id for job_id, ids in jobs.items() for rid in ids}
    ids = list(job_of)
    loaded = dict(zip(ids, io_map(lambda rid: _load(w, rid), ids), strict=True))
    found = {rid: record for rid, record in loaded.items() if record is not None}
    records = list(found.values())
    missing = [rid for rid in ids if rid not in found]
    for rid in missing:
        _fail(w, job_of[rid], rid, "ObjectMissing", f"record {record_key(rid)} is not in storage")
    result = bulk_upsert(w.search, w.settings.index_alias, records)
    for rid, reason in result.rejected.items():
        _fail(w, job_of[rid], rid, "IndexRejected", reason)
    # After the bulk succeeded, so a consumer never reads a change it cannot see; deduplicated by
    # content, so a redelivered batch appends nothing new.  A Redis failure here retries the batch.
    ChangeFeed(w.redis).append("index", (found[rid] for rid in result.indexed))
    indexed: dict[str, list[str]] = {}
    for rid in result.indexed:
        indexed.setdefault(job_of[rid], []).append(rid)
    for job_id in jobs:
        w.jobs.add(job_id, "indexed", indexed.get(job_id, []))
        w.jobs.add(job_id, "index_failed", [r for r in missing + list(result.rejected) if job_of[r] == job_id])
    log.info("indexed batch", job_ids=list(jobs), reference_ids=result.indexed[:50], indexed=len(result.indexed),
             rejected=len(result.rejected))
    return indexed


def _load(w: Wiring, reference_id: str) -> dict[str, Any] | None:
    try:
        record: dict[str, Any] = orjson.loads(w.store.load_bytes(record_key(reference_id)))
    except ObjectMissing:
        return None
    return record


def _fail(w: Wiring, job_id: str, reference_id: str, error_type: str, message: str) -> None:
    fid = w.failures.record(Failure(stage="index", error_type=error_type, message=message, job_id=job_id,
                                    reference_id=reference_id, retryable=True, task=TASK_INDEX,
                                    args=[job_id, [reference_id]]))
    w.jobs.add_failure(job_id, fid)
