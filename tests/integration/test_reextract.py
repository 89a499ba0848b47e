"""``reextract`` walks the index over a point in time and sends the stale cables to extraction again, as
typed, forced messages.  Real OpenSearch and Redis (the broker's queue is read, not consumed)."""

from __future__ import annotations

from cablestream.infra.queue import QUEUE_EXTRACT, TASK_EXTRACT
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ExtractRecords, from_envelope
from cablestream.pipeline.reextract import reextract, stale_filter
from cablestream.search.indexing import bulk_upsert


def _record(rid: str, version: str | None) -> dict[str, object]:
    return {"reference_id": rid, "subject": f"reextract probe {rid}", "body": "text", "extractor_version": version,
            "source": {"format": "text", "sha256": None, "name": None, "index": 0}, "parser_version": "t"}


def test_stale_cables_are_sent_again_in_forced_batches(wiring: Wiring) -> None:
    stale = [f"77REEX{i}" for i in range(5)]
    bulk_upsert(wiring.search, wiring.settings.index_alias,
                [_record(rid, "0.9") for rid in stale] + [_record("77REEXCURRENT", "9.9.9")], refresh=True)
    wiring.redis.delete(QUEUE_EXTRACT)
    query = {"bool": {"filter": [{"prefix": {"reference_id": "77REEX"}}, stale_filter("9.9.9")]}}
    assert reextract(wiring, query, batch=2) == 5
    sent = [from_envelope(TASK_EXTRACT, raw) for raw in wiring.redis.lrange(QUEUE_EXTRACT, 0, -1)]
    assert all(isinstance(m, ExtractRecords) and m.force and m.job_id is None for m in sent)
    batches = [m.reference_ids for m in sent if isinstance(m, ExtractRecords)]
    assert sorted(batches) == [stale[0:2], stale[2:4], stale[4:]]  # in id order, two at a time
    wiring.redis.delete(QUEUE_EXTRACT)
