"""Re-running extraction over the archive when rules or the model change.

Walks the index with ``search_after`` (no 10,000 cap) and sends the matching reference ids to
queue ``extract`` in batches, forced (records that already have entities of this extractor version
are extracted again too); the extract workers do the rest, as they do for new cables.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cablestream.infra.queue import TASK_EXTRACT, enqueue
from cablestream.infra.wiring import Wiring

PAGE = 1000


def stale_filter(current_version: str) -> dict[str, Any]:
    """Records extracted by another extractor version, or never extracted."""
    return {"bool": {"must_not": [{"term": {"extractor_version": current_version}}]}}


def matching_ids(w: Wiring, query: dict[str, Any]) -> Iterator[str]:
    after: list[Any] | None = None
    while True:
        body: dict[str, Any] = {"query": query, "size": PAGE, "_source": False, "sort": [{"reference_id": "asc"}]}
        if after:
            body["search_after"] = after
        hits = w.search.search(index=w.settings.index_alias, body=body)["hits"]["hits"]
        if not hits:
            return
        for hit in hits:
            yield hit["_id"]
        after = hits[-1]["sort"]


def reextract(w: Wiring, query: dict[str, Any], batch: int | None = None) -> int:
    """Send every matching cable to extraction again; returns how many were sent."""
    size = batch or w.settings.index_batch_size
    pending: list[str] = []
    sent = 0
    for reference_id in matching_ids(w, query):
        pending.append(reference_id)
        if len(pending) >= size:
            enqueue(w.celery, TASK_EXTRACT, [None, pending, True])
            sent, pending = sent + len(pending), []
    if pending:
        enqueue(w.celery, TASK_EXTRACT, [None, pending, True])
        sent += len(pending)
    return sent
