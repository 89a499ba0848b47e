"""The entity index through the read API, on records indexed into the real OpenSearch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cablestream.auth.keys import KeyStore
from cablestream.search.indexing import bulk_upsert, bulk_upsert_entities
from cablestream.wiring import Wiring
from services.api.app import create_app

# Names no real cable holds, so other tests indexing real cables cannot change the counts.
PEOPLE = {"person:zorbal-quentinova": "Zorbal Quentinova", "person:vashti-ombrelle": "Vashti Ombrelle"}


def _cable(rid: str, entity_ids: list[str]) -> dict[str, object]:
    return {"reference_id": rid, "subject": f"subject {rid}", "body": "text", "created": "2009-03-20T00:00:00+00:00",
            "source": {"format": "text", "sha256": None, "name": None, "index": 0}, "parser_version": "t",
            "entities": [{"id": e, "type": e.split(":")[0], "name": PEOPLE[e], "count": 1, "mentions": [],
                          "source": "model", "confidence": 0.9} for e in entity_ids]}


@pytest.fixture(scope="module")
def api(wiring: Wiring) -> Iterator[TestClient]:
    s = wiring.settings
    bulk_upsert(wiring.search, s.index_alias, [
        _cable("09ENT1", ["person:zorbal-quentinova", "person:vashti-ombrelle"]),
        _cable("09ENT2", ["person:zorbal-quentinova"]),
    ], refresh=True)
    bulk_upsert_entities(wiring.search, s.entities_alias, {
        eid: {"id": eid, "type": "person", "name": name, "source": "model", "extractor_version": "t"}
        for eid, name in PEOPLE.items()})
    wiring.search.indices.refresh(index=s.entities_alias)
    _, key = KeyStore(wiring.redis).create("entities-test", ["read"])
    with TestClient(create_app(s), headers={"Authorization": f"Bearer {key}"}) as client:
        yield client


def test_top_entities_are_ranked_by_cable_count(api: TestClient) -> None:
    items = api.get("/v1/entities", params={"type": "person"}).json()["items"]
    top = [(i["id"], i["cables"]) for i in items if i["id"] in PEOPLE]
    assert top == [("person:zorbal-quentinova", 2), ("person:vashti-ombrelle", 1)]
    named = api.get("/v1/entities", params={"q": "ombrelle"}).json()["items"]
    assert [i["name"] for i in named] == ["Vashti Ombrelle"]


def test_one_entity_lists_its_cables(api: TestClient) -> None:
    detail = api.get("/v1/entities/person:zorbal-quentinova").json()
    assert detail["cables"] == 2 and {c["reference_id"] for c in detail["items"]} == {"09ENT1", "09ENT2"}
    missing = api.get("/v1/entities/person:nobody")
    assert missing.status_code == 404 and missing.json()["param"] == "entity_id"


def test_cables_filter_and_facet_by_entity(api: TestClient) -> None:
    found = api.get("/v1/cables", params={"entity": "person:vashti-ombrelle"}).json()
    assert [c["reference_id"] for c in found["items"]] == ["09ENT1"]
    people = api.get("/v1/cables", params={"q": "subject"}).json()["facets"]["people"]
    counts = {b["key"]: b["count"] for b in people}
    assert counts["person:zorbal-quentinova"] == 2 and counts["person:vashti-ombrelle"] == 1
