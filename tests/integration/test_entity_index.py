"""The entities index against the real OpenSearch: a new version takes the alias with the older
documents carried over, and entity documents merge their aliases, also when written concurrently."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from cablestream.infra.wiring import Wiring
from cablestream.search.client import ensure_index, load_mapping
from cablestream.search.entity_docs import complete
from cablestream.search.indexing import bulk_upsert_entities
from tests.conftest import SESSION, make_test_settings


def test_a_new_entities_version_takes_the_alias_with_the_older_documents(wiring: Wiring) -> None:
    settings = make_test_settings(index_alias=f"cstest-{SESSION}-mig-cables",
                                  entities_alias=f"cstest-{SESSION}-mig-entities")
    client, alias = wiring.search, settings.entities_alias
    try:
        client.indices.create(index=f"{alias}-v1", body=load_mapping(1, "entities"))
        client.indices.put_alias(index=f"{alias}-v1", name=alias)
        client.index(index=alias, id="person:karim-masimov", refresh=True, body={
            "id": "person:karim-masimov", "type": "person", "name": "Karim Masimov", "source": "model",
            "extractor_version": "1.0.0"})
        for _ in range(2):  # idempotent, as every process that starts runs it
            ensure_index(client, settings)
        assert list(client.indices.get_alias(name=alias)) == [settings.entities_index]
        doc = client.get(index=alias, id="person:karim-masimov")["_source"]
        assert doc["aliases"] == ["Karim Masimov"] and doc["name"] == "Karim Masimov"
    finally:
        for name in (settings.index_alias, alias):
            client.indices.delete(index=f"{name}*", params={"ignore_unavailable": "true"})


def test_entity_documents_gather_aliases_across_writers(wiring: Wiring) -> None:
    index = wiring.settings.entities_alias
    doc = {"id": "person:ilse-quarvin", "type": "person", "name": "Ilse Quarvin", "source": "model",
           "extractor_version": "t"}
    forms = [[f"QUARVIN {i}", "Quarvin"] for i in range(8)]
    with ThreadPoolExecutor(4) as pool:  # concurrent writers: none may lose another's aliases
        list(pool.map(lambda f: bulk_upsert_entities(wiring.search, index, {doc["id"]: complete(doc | {
            "aliases": f})}), forms))
    stored = wiring.search.get(index=index, id=doc["id"])
    assert set(stored["_source"]["aliases"]) == {"Ilse Quarvin", "Quarvin", *(f[0] for f in forms)}
    assert stored["_source"]["surname"] == "quarvin"
    version = stored["_version"]
    bulk_upsert_entities(wiring.search, index, {doc["id"]: complete(doc | {"aliases": ["Quarvin"]})})
    assert wiring.search.get(index=index, id=doc["id"])["_version"] == version  # nothing new: not written
