"""Stage ``extract`` against the real servers: entities land in storage, the cables index and the
entities index, and running it twice changes nothing."""

from __future__ import annotations

import orjson

from cablestream.parsing import parse_bytes
from cablestream.record import Cable
from cablestream.search.indexing import bulk_upsert
from cablestream.stages.extract import extract_records
from cablestream.storage import record_key
from cablestream.wiring import Wiring
from tests.conftest import SAMPLES


def _seed(wiring: Wiring) -> list[str]:
    cables = [c for p in sorted(SAMPLES.glob("*.txt")) for c in parse_bytes(p.read_bytes(), name=p.name)]
    assert all(isinstance(c, Cable) for c in cables)
    records = [c.to_json_dict() for c in cables if isinstance(c, Cable)]
    for record in records:
        wiring.store.put_bytes(record_key(str(record["reference_id"])), orjson.dumps(record))
    bulk_upsert(wiring.search, wiring.settings.index_alias, records, refresh=True)
    return [str(r["reference_id"]) for r in records]


def test_extraction_updates_record_and_both_indices(wiring: Wiring) -> None:
    ids = _seed(wiring)
    for _ in range(2):  # idempotent
        assert sorted(extract_records(wiring, None, ids)) == sorted(ids)
    stored = orjson.loads(wiring.store.load_bytes(record_key("09ASTANA497")))
    people = {e["id"] for e in stored["entities"] if e["type"] == "person"}
    assert "person:zhanar-aitzhanova" in people and stored["extractor_version"]
    s = wiring.settings
    wiring.search.indices.refresh(index=f"{s.index_alias},{s.entities_alias}")
    doc = wiring.search.get(index=s.index_alias, id="09ASTANA497")["_source"]
    assert "person:zhanar-aitzhanova" in doc["entity_ids"]
    assert doc["subject"]  # a partial update keeps the rest of the document
    entity = wiring.search.get(index=s.entities_alias, id="person:zhanar-aitzhanova")["_source"]
    assert entity["name"] == "Zhanar Aitzhanova"
    hits = wiring.search.count(index=s.index_alias, body={"query": {"term": {"entity_ids": "person:nazarbayev"}}})
    assert hits["count"] == 2
