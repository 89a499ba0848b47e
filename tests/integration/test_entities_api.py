"""The entity index through the read API, on records indexed into the real OpenSearch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cablestream.auth.keys import KeyStore
from cablestream.infra.wiring import Wiring
from cablestream.search.entity_docs import complete
from cablestream.search.indexing import bulk_upsert, bulk_upsert_entities
from services.api.app import create_app

# Names no real cable holds, so other tests indexing real cables cannot change the counts.
PEOPLE = {"person:zorbal-quentinova": "Zorbal Quentinova", "person:vashti-ombrelle": "Vashti Ombrelle",
          "person:quentinova": "Quentinova"}
WALK = [f"09ENTW{i}" for i in range(5)]  # cables of Quentinova alone, to page through


def _cable(rid: str, entity_ids: list[str], created: str = "2009-03-20") -> dict[str, object]:
    return {"reference_id": rid, "subject": f"subject {rid}", "body": "text", "created": f"{created}T00:00:00+00:00",
            "source": {"format": "text", "sha256": None, "name": None, "index": 0}, "parser_version": "t",
            "entities": [{"id": e, "type": e.split(":")[0], "name": PEOPLE[e], "count": 1, "mentions": [],
                          "source": "model", "confidence": 0.9} for e in entity_ids]}


@pytest.fixture(scope="module")
def api(wiring: Wiring) -> Iterator[TestClient]:
    s = wiring.settings
    bulk_upsert(wiring.search, s.index_alias, [
        _cable("09ENT1", ["person:zorbal-quentinova", "person:vashti-ombrelle"]),
        _cable("09ENT2", ["person:zorbal-quentinova"], "2008-05-01"),
        *[_cable(rid, ["person:quentinova"], f"2007-01-0{i + 1}") for i, rid in enumerate(WALK)],
    ], refresh=True)
    bulk_upsert_entities(wiring.search, s.entities_alias, {
        eid: complete({"id": eid, "type": "person", "name": name, "source": "model", "extractor_version": "t"})
        for eid, name in PEOPLE.items()})
    # Another cable wrote her as the TAGS code: the alias joins the ones already stored.
    bulk_upsert_entities(wiring.search, s.entities_alias, {"person:vashti-ombrelle": complete({
        "id": "person:vashti-ombrelle", "type": "person", "name": "Vashti Ombrelle", "source": "rule",
        "extractor_version": "t", "aliases": ["OMBRELLE, VASHTI", "Ombrellé"]})})
    wiring.search.indices.refresh(index=s.entities_alias)
    _, key = KeyStore(wiring.redis).create("entities-test", ["read"])
    with TestClient(create_app(s), headers={"Authorization": f"Bearer {key}"}) as client:
        yield client


def test_top_entities_are_identities_ranked_by_cable_count(api: TestClient) -> None:
    items = api.get("/v1/entities", params={"type": "person"}).json()["items"]
    top = [(i["id"], i["cables"], i["members"]) for i in items if set(i["members"]) & set(PEOPLE)]
    # Quentinova alone is Zorbal Quentinova, the only Quentinova with a first name: one entry, 7 cables.
    assert top == [("person:zorbal-quentinova", 7, ["person:zorbal-quentinova", "person:quentinova"]),
                   ("person:vashti-ombrelle", 1, ["person:vashti-ombrelle"])]


def test_any_alias_finds_the_entity(api: TestClient) -> None:
    for q in ("ombrelle", "OMBRELLE, VASHTI", "ombrellé", "Vashti"):
        named = api.get("/v1/entities", params={"q": q}).json()["items"]
        assert [i["name"] for i in named] == ["Vashti Ombrelle"], q
    (vashti,) = api.get("/v1/entities", params={"q": "ombrelle"}).json()["items"]
    assert vashti["aliases"] == ["Vashti Ombrelle", "OMBRELLE, VASHTI", "Ombrellé"]
    found = api.get("/v1/entities", params={"q": "quentinova", "type": "person"}).json()["items"]
    assert [(i["id"], i["cables"]) for i in found] == [("person:zorbal-quentinova", 7)]
    assert api.get("/v1/entities", params={"q": "quentinova", "type": "place"}).json()["items"] == []


def test_one_entity_lists_its_cables_years_and_company(api: TestClient) -> None:
    detail = api.get("/v1/entities/person:zorbal-quentinova").json()
    assert (detail["id"], detail["canonical_id"], detail["cables"]) == (("person:zorbal-quentinova",) * 2 + (7,))
    assert detail["years"] == [{"year": 2007, "cables": 5}, {"year": 2008, "cables": 1}, {"year": 2009, "cables": 1}]
    assert [(r["id"], r["cables"]) for r in detail["co_occurring"]] == [("person:vashti-ombrelle", 1)]
    assert [c["reference_id"] for c in detail["items"][:2]] == ["09ENT1", "09ENT2"]  # newest first
    missing = api.get("/v1/entities/person:nobody")
    assert missing.status_code == 404 and missing.json()["param"] == "entity_id"


def test_a_member_id_answers_its_identity_and_pages_by_cursor(api: TestClient) -> None:
    page = api.get("/v1/entities/person:quentinova", params={"size": 3, "sort": "oldest"}).json()
    assert (page["id"], page["canonical_id"], page["name"]) == ("person:quentinova", "person:zorbal-quentinova",
                                                                 "Zorbal Quentinova")
    seen = [c["reference_id"] for c in page["items"]]
    while page["next_cursor"]:
        page = api.get("/v1/entities/person:quentinova", params={"cursor": page["next_cursor"]}).json()
        assert page["years"] is None and page["canonical_id"] == "person:zorbal-quentinova"
        seen += [c["reference_id"] for c in page["items"]]
    assert seen == [*WALK, "09ENT2", "09ENT1"]


def test_a_cursor_of_another_entity_or_forged_is_refused(api: TestClient) -> None:
    cursor = api.get("/v1/entities/person:zorbal-quentinova", params={"size": 1}).json()["next_cursor"]
    for entity_id, bad in (("person:vashti-ombrelle", cursor), ("person:zorbal-quentinova", "garbage")):
        answer = api.get(f"/v1/entities/{entity_id}", params={"cursor": bad})
        assert answer.status_code == 400 and answer.json()["param"] == "cursor"


def test_cables_filter_and_facet_by_entity(api: TestClient) -> None:
    found = api.get("/v1/cables", params={"entity": "person:vashti-ombrelle"}).json()
    assert [c["reference_id"] for c in found["items"]] == ["09ENT1"]
    people = api.get("/v1/cables", params={"q": "subject"}).json()["facets"]["people"]
    counts = {b["key"]: b["count"] for b in people}
    assert counts["person:zorbal-quentinova"] == 2 and counts["person:vashti-ombrelle"] == 1
