"""Identities read from the entities index: who an entity id denotes across the archive (I/O).

Two round trips whatever the number of ids: the documents asked for, then every person of their
surnames (one search per surname, in one ``msearch``); the rules are ``search.identity``'s.  Resolution
happens at query time, so an identity follows the archive as it grows: a second ``Castro`` with a first
name makes a bare ``Castro`` ambiguous from then on, with no document to rewrite.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from opensearchpy import OpenSearch

from cablestream.search.errors import checked_docs, failed_answer, translated
from cablestream.search.identity import Identity, PersonName, resolve

# A surname shared by more people than this (a bare Khan or Kim in a whole archive) is not resolved:
# its ids stay alone rather than be grouped from a partial list.
MAX_NAMESAKES = 1000
FIELDS = ["id", "type", "name", "aliases", "given", "surname"]


@dataclass(frozen=True)
class Resolution:
    identities: dict[str, Identity]  # each id asked for, and each namesake read -> its identity
    docs: dict[str, dict[str, Any]]  # every document read: those asked for and their namesakes

    def identity(self, entity_id: str) -> Identity:
        return self.identities.get(entity_id) or Identity.alone(entity_id)

    def entity(self, entity_id: str) -> dict[str, Any]:
        """The identity of ``entity_id`` as one entity: the canonical document with every member's aliases."""
        ident = self.identity(entity_id)
        doc = self.docs.get(ident.canonical) or fallback(ident.canonical)
        aliases: list[str] = []
        for member in ident.members:
            member_doc = self.docs.get(member, {})
            for alias in member_doc.get("aliases") or [member_doc.get("name")]:
                if alias and alias not in aliases:
                    aliases.append(alias)
        return {"id": ident.canonical, "type": doc["type"], "name": doc["name"], "aliases": aliases,
                "members": list(ident.members)}


def resolve_ids(client: OpenSearch, entities: str, ids: Iterable[str]) -> Resolution:
    """The identity of each id; ids without a document, and entities other than people, stand alone."""
    wanted = list(dict.fromkeys(ids))
    docs = read_docs(client, entities, wanted)
    surnames = {d["surname"] for d in docs.values() if d.get("type") == "person" and d.get("surname")}
    namesakes = _namesakes(client, entities, sorted(surnames))
    resolved: dict[str, Identity] = {}
    for people in namesakes.values():
        docs |= people
        resolved |= resolve({i: PersonName(tuple(d.get("given") or ()), d["surname"]) for i, d in people.items()})
    return Resolution({i: Identity.alone(i) for i in wanted} | resolved, docs)


def read_docs(client: OpenSearch, entities: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    with translated(f"read {len(ids)} entities"):
        found = client.mget(index=entities, body={"ids": ids}, params={"_source_includes": ",".join(FIELDS)})["docs"]
    return {d["_id"]: d["_source"] for d in checked_docs(f"read {len(ids)} entities", found) if d.get("found")}


def fallback(entity_id: str) -> dict[str, Any]:
    """An entity the cables index names but the entities index does not hold (yet): named from its id."""
    type_, _, name = entity_id.partition(":")
    return {"id": entity_id, "type": type_, "name": name.replace("-", " "), "aliases": []}


def _namesakes(client: OpenSearch, entities: str, surnames: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """Surname -> every person document of that surname; surnames with too many people left out."""
    if not surnames:
        return {}
    lines: list[dict[str, Any]] = []
    for surname in surnames:
        lines.append({"index": entities})
        lines.append({"query": {"bool": {"filter": [{"term": {"type": "person"}}, {"term": {"surname": surname}}]}},
                      "size": MAX_NAMESAKES, "_source": FIELDS, "track_total_hits": MAX_NAMESAKES + 1})
    out: dict[str, dict[str, dict[str, Any]]] = {}
    with translated(f"namesakes of {len(surnames)} surnames"):
        answers = client.msearch(body=lines)["responses"]
    for surname, answer in zip(surnames, answers, strict=True):
        if "error" in answer:
            raise failed_answer(f"namesakes of {surname!r}", answer)
        if answer["hits"]["total"]["value"] <= MAX_NAMESAKES:
            out[surname] = {h["_id"]: h["_source"] for h in answer["hits"]["hits"]}
    return out
