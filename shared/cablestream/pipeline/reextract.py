"""Re-running extraction over the archive when rules or the model change.

Walks the index over one point in time (``search.paging.scan_ids``: no 10,000 cap, and cables indexed
meanwhile neither shift the walk nor repeat an id) and sends the matching reference ids to
queue ``extract`` in batches, forced (records that already have entities of this extractor version
are extracted again too); the extract workers do the rest, as they do for new cables.
"""

from __future__ import annotations

from typing import Any

from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ExtractRecords, send
from cablestream.search.paging import scan_ids

PAGE = 1000


def stale_filter(current_version: str) -> dict[str, Any]:
    """Records extracted by another extractor version, or never extracted."""
    return {"bool": {"must_not": [{"term": {"extractor_version": current_version}}]}}


def reextract(w: Wiring, query: dict[str, Any], batch: int | None = None) -> int:
    """Send every matching cable to extraction again; returns how many were sent."""
    size = batch or w.settings.extract_batch_size
    pending: list[str] = []
    sent = 0
    for reference_id in scan_ids(w.search, w.settings.index_alias, query, PAGE):
        pending.append(reference_id)
        if len(pending) >= size:
            send(w.celery, ExtractRecords(reference_ids=pending, force=True))
            sent, pending = sent + len(pending), []
    if pending:
        send(w.celery, ExtractRecords(reference_ids=pending, force=True))
        sent += len(pending)
    return sent
