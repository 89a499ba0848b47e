"""Entity documents: every form an entity was written in, gathered per cable and merged across cables (pure)."""

from __future__ import annotations

from cablestream.record import Cable, Entity, Mention, Source
from cablestream.search.entity_docs import complete, entity_documents
from cablestream.search.entity_merge import MAX_ALIASES, merge


def _entity(entity_id: str, name: str, *forms: str, type_: str = "person") -> Entity:
    mentions = [Mention(start=i, end=i + len(f), text=f) for i, f in enumerate(forms)]
    return Entity(id=entity_id, type=type_, name=name, count=len(forms), mentions=mentions, source="model",
                  confidence=0.9)


def _cable(rid: str, *entities: Entity, tags: list[str] | None = None) -> Cable:
    return Cable(reference_id=rid, source=Source(format="text"), parser_version="t", tags=tags or [],
                 entities=list(entities))


def test_aliases_are_the_name_the_mentions_and_the_tags_code() -> None:
    nursultan = _entity("person:nursultan-nazarbayev", "Nursultan Nazarbayev", "NAZARBAYEV", "Nazarbayev's",
                        "Nursultan\nNazarbayev")
    docs = entity_documents([_cable("09X1", nursultan, tags=["PGOV", "KZ", "NAZARBAYEV, NURSULTAN"])], "v")
    doc = docs["person:nursultan-nazarbayev"]
    assert doc["aliases"] == ["Nursultan Nazarbayev", "NAZARBAYEV", "Nazarbayev", "NAZARBAYEV, NURSULTAN"]
    assert doc["alias_keys"] == ["nursultan nazarbayev", "nazarbayev", "nazarbayev nursultan"]
    assert (doc["given"], doc["surname"], doc["extractor_version"]) == (["nursultan"], "nazarbayev", "v")


def test_a_tags_code_goes_only_to_the_person_it_names() -> None:
    tags = ["CASTRO, RAUL"]
    docs = entity_documents([_cable("08X1", _entity("person:raul-castro", "Raul Castro"),
                                    _entity("person:fidel-castro", "Fidel Castro"),
                                    _entity("person:castro", "Castro"), tags=tags)], "v")
    assert "CASTRO, RAUL" in docs["person:raul-castro"]["aliases"]
    assert docs["person:fidel-castro"]["aliases"] == ["Fidel Castro"]
    assert docs["person:castro"]["aliases"] == ["Castro"]


def test_an_id_in_several_cables_gathers_their_forms_and_other_types_have_no_surname() -> None:
    wto = _entity("organization:world-trade-organization", "World Trade Organization", "WTO", type_="organization")
    docs = entity_documents([_cable("09X1", _entity("person:aitzhanova", "Aitzhanova", "Aitzhanova"), wto),
                             _cable("09X2", _entity("person:aitzhanova", "Aitzhanova", "AITZHANOVA"))], "v")
    assert docs["person:aitzhanova"]["aliases"] == ["Aitzhanova", "AITZHANOVA"]
    assert docs["organization:world-trade-organization"]["aliases"] == ["World Trade Organization", "WTO"]
    assert "surname" not in docs["organization:world-trade-organization"]


def test_a_first_version_document_is_completed() -> None:
    old = {"id": "person:karim-masimov", "type": "person", "name": "Karim Masimov", "source": "model",
           "extractor_version": "1.0.0"}
    assert complete(old) == old | {"aliases": ["Karim Masimov"], "alias_keys": ["karim masimov"],
                                   "given": ["karim"], "surname": "masimov"}


def test_merging_unions_the_aliases_keeps_rule_and_takes_the_rest_from_the_newer() -> None:
    stored = {"id": "person:x", "name": "X", "source": "rule", "aliases": ["X", "x"], "alias_keys": ["x"]}
    new = {"id": "person:x", "name": "X", "source": "model", "aliases": ["X", "X."], "alias_keys": ["x"]}
    merged = merge(stored, new)
    assert merged == {"id": "person:x", "name": "X", "source": "rule", "aliases": ["X", "x", "X."],
                      "alias_keys": ["x"]}
    assert merge(stored | {"source": "model"}, new | {"source": "rule"})["source"] == "rule"
    assert merge(merged, new) == merged  # nothing new: the writer sees it and writes nothing
    assert merge(None, new) == new
    many = merge(None, {"aliases": [f"form {i}" for i in range(2 * MAX_ALIASES)]})
    assert len(many["aliases"]) == MAX_ALIASES
