"""Entity queries: the archive's entities ranked by cables, and one entity with its cables.

Both answer identities (``search.identities``): ``Nazarbayev`` and ``Nursultan Nazarbayev`` are one
entry, counted over the cables naming either.  An entity's cables are paged like ``/v1/cables``
(``search.paging``: a point in time walked with ``search_after``), the identity's ids travelling in
the cursor, so the walk keeps the identity it started with.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from opensearchpy import OpenSearch

from cablestream.search.cursor import BadCursor, decode
from cablestream.search.entity_stats import id_counts, rank, years_and_related
from cablestream.search.errors import translated
from cablestream.search.identities import resolve_ids
from cablestream.search.paging import first_page, next_page
from cablestream.search.queries import CableQuery, Sort

MAX_MATCHES = 1000  # entity documents one ``q`` looks at


@dataclass(frozen=True)
class EntityQuery:
    size: int | None = None  # cables per page; None: 20, or the cursor's
    sort: Sort = "newest"
    cursor: str | None = None
    related: int = 10  # co-occurring identities shown
    related_type: str | None = None


def top_entities(client: OpenSearch, cables: str, entities: str, type_: str | None, q: str | None,
                 size: int) -> list[dict[str, Any]]:
    """Identities with their cable counts, most named first; ``q`` matches any alias."""
    include: str | list[str]
    if q:
        include = match_aliases(client, entities, type_, q, MAX_MATCHES)
        if not include:
            return []
        counts = id_counts(client, cables, include, len(include))
    else:
        # Several ids may make one identity: look further than the page so merged ones can rank.
        counts = id_counts(client, cables, f"{re.escape(type_)}:.*" if type_ else ".*", 2 * size + 10)
    resolution = resolve_ids(client, entities, counts)
    return [resolution.entity(canonical) | {"cables": n}
            for canonical, n in rank(client, cables, resolution, counts)[:size]]


def match_aliases(client: OpenSearch, entities: str, type_: str | None, q: str, limit: int) -> list[str]:
    """Ids of the entities with every word of ``q`` among their aliases (case and accents folded)."""
    filters = [{"term": {"type": type_}}] if type_ else []
    words = [{"match": {"aliases": {"query": q, "operator": "and"}}},
             {"match": {"alias_keys": {"query": unaccented(q), "operator": "and"}}}]
    body = {"query": {"bool": {"should": words, "minimum_should_match": 1, "filter": filters}},
            "size": limit, "_source": False}
    with translated(f"entities matching {q!r}"):
        hits = client.search(index=entities, body=body)["hits"]["hits"]
    return [h["_id"] for h in hits]


def entity_page(client: OpenSearch, cables: str, entities: str, entity_id: str,
                query: EntityQuery) -> dict[str, Any] | None:
    """The identity ``entity_id`` belongs to, and one page of its cables; the counts by year and the
    co-occurring identities come with the first page.  None: no such entity.  ``BadCursor``: a cursor
    this API did not issue for this entity."""
    resolution = resolve_ids(client, entities, [entity_id])
    if entity_id not in resolution.docs:
        return None
    ident = resolution.identity(entity_id)
    head = resolution.entity(entity_id) | {
        "id": entity_id, "canonical_id": ident.canonical,
        "candidates": [{"id": c, "name": resolution.entity(c)["name"]} for c in ident.candidates]}
    if query.cursor:
        if entity_id not in decode(query.cursor).query.entities_any:
            raise BadCursor(f"issued for another entity than {entity_id!r}")
        page = next_page(client, cables, query.cursor, query.size)
        return head | {"cables": None, "years": None, "co_occurring": None, "items": _items(page.hits),
                       "next_cursor": page.next_cursor}
    cable_query = CableQuery(entities_any=list(ident.members), sort=query.sort,
                             size=20 if query.size is None else query.size)
    page = first_page(client, cables, cable_query, facets=False)
    years, related = years_and_related(client, cables, entities, ident.members, query.related, query.related_type)
    return head | {"cables": page.total, "years": years, "co_occurring": related, "items": _items(page.hits),
                   "next_cursor": page.next_cursor}


def unaccented(text: str) -> str:
    # What ``extraction.names.strip_accents`` does to the alias keys; not imported, as importing the
    # extraction package would load the language model into the read API.
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _items(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [hit["_source"] for hit in hits]
