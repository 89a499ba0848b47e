"""Documents of the entities index, one per entity id, built from extracted cables (pure).

A document grows as the archive is extracted: ``aliases`` gathers every form the entity was written in,
in any cable (its name, the text of its mentions, and for a person the TAGS code ``NAZARBAYEV, NURSULTAN``
that names him), merged into the stored document by ``search.indexing.bulk_upsert_entities``
(``search.entity_merge``).  A person's document also keeps his name as ``search.identity`` compares it
(``given``, ``surname``), so the read API never parses a name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cablestream.extraction.names import fold, person_from_tag, tidy
from cablestream.record import Cable, Entity
from cablestream.search.identity import compatible
from cablestream.search.person_names import parse_name


def entity_documents(cables: Iterable[Cable], extractor_version: str) -> dict[str, dict[str, Any]]:
    """Entity id -> document, the forms of an id seen in several cables gathered into one."""
    heads: dict[str, dict[str, Any]] = {}
    forms: dict[str, list[str]] = {}
    for cable in cables:
        tags = _tag_people(cable.tags)
        for entity in cable.entities or []:
            heads.setdefault(entity.id, {"id": entity.id, "type": entity.type, "name": entity.name,
                                         "source": entity.source, "extractor_version": extractor_version})
            add_aliases(forms.setdefault(entity.id, []), surface_forms(entity, tags))
    return {entity_id: complete(head | {"aliases": forms[entity_id]}) for entity_id, head in heads.items()}


def complete(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The document with what entities-v2 adds: ``aliases`` (the name first), their folded forms
    ``alias_keys`` (so a search without accents finds ``Aïtzhanova``: the local OpenSearch has no
    ascii-folding filter) and, for a person, the name as compared (``given``, ``surname``)."""
    out = dict(doc)
    aliases: list[str] = []
    add_aliases(aliases, [out["name"], *out.get("aliases", [])])
    out["aliases"] = aliases
    out["alias_keys"] = list(dict.fromkeys(key for key in map(fold, aliases) if key))
    name = parse_name(out["name"]) if out.get("type") == "person" else None
    if name and name.surname:
        out["given"], out["surname"] = list(name.given), name.surname
    return out


def add_aliases(aliases: list[str], forms: Iterable[str]) -> None:
    # Exact forms, deduplicated: the search folds case, and the forms themselves are worth showing
    # (``HOAGLAND`` tells an all-caps telegram).  The stored list is bounded by ``entity_merge``.
    for form in forms:
        if form and form not in aliases:
            aliases.append(form)


def surface_forms(entity: Entity, tag_people: Mapping[str, str]) -> list[str]:
    """How the cable wrote the entity: each mention as written (whitespace and possessive tidied:
    ``George W.\\nBush's`` -> ``George W. Bush``), and the TAGS codes naming a compatible person."""
    forms = [tidy(m.text) for m in entity.mentions]
    if entity.type == "person" and tag_people:
        name = parse_name(entity.name)
        # Only a name with given names takes the code: a bare surname in this cable was joined to the
        # tagged person by the extractor if it was him.
        if name.given:
            forms += [tag for tag, person in tag_people.items() if compatible(parse_name(person), name)]
    return forms


def _tag_people(tags: list[str]) -> dict[str, str]:
    """TAGS codes that are ``SURNAME, GIVEN`` pairs, with the name they spell."""
    people = {tag: person_from_tag(tag) for tag in tags if "," in tag}
    return {tag: person for tag, person in people.items() if person}
