"""Stage ``index``: load stored records by reference id and bulk-upsert them into OpenSearch."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson

from cablestream.changes import ChangeFeed
from cablestream.failures import Failure
from cablestream.logging import get_logger
from cablestream.queue import TASK_INDEX
from cablestream.search.indexing import bulk_upsert
from cablestream.storage import ObjectMissing, record_key
from cablestream.wiring import Wiring

log = get_logger(__name__)
LOAD_THREADS = 8


def index_records(w: Wiring, job_id: str, reference_ids: list[str]) -> list[str]:
    """Index the records; returns the ids indexed.  Missing or rejected records become failures."""
    with ThreadPoolExecutor(LOAD_THREADS) as pool:
        loaded = list(pool.map(lambda rid: _load(w, rid), reference_ids))
    records = [r for r in loaded if r is not None]
    failed = [rid for rid, record in zip(reference_ids, loaded, strict=True) if record is None]
    for rid in failed:
        _fail(w, job_id, rid, "ObjectMissing", f"record {record_key(rid)} is not in storage")
    result = bulk_upsert(w.search, w.settings.index_alias, records)
    for rid, reason in result.rejected.items():
        _fail(w, job_id, rid, "IndexRejected", reason)
    # After the bulk succeeded, so a consumer never reads a change it cannot see; deduplicated by
    # content, so a redelivered batch appends nothing new.  A Redis failure here retries the batch.
    by_id = {r["reference_id"]: r for r in records}
    ChangeFeed(w.redis).append("index", (by_id[rid] for rid in result.indexed))
    w.jobs.add(job_id, "indexed", result.indexed)
    w.jobs.add(job_id, "index_failed", failed + list(result.rejected))
    log.info("indexed batch", job_id=job_id, indexed=len(result.indexed), rejected=len(result.rejected))
    return result.indexed


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
