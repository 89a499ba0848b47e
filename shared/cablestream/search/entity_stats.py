"""Counting cables per identity: rankings, an entity's years, and who is named alongside it.

Counts come from the cables index (``entity_ids``).  An identity of one id is counted by the terms
aggregation that found it; one of several ids (``person:nazarbayev`` and ``person:nursultan-nazarbayev``)
is counted again with a filter on all of them, so a cable naming two of them counts once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from opensearchpy import OpenSearch

from cablestream.search.errors import translated
from cablestream.search.identities import Resolution, resolve_ids

MAX_TERMS = 1000  # ids one ranking looks at


def id_counts(client: OpenSearch, cables: str, include: str | list[str], size: int,
              within: dict[str, Any] | None = None) -> dict[str, int]:
    """Entity id -> cables naming it, most named first (``include``: a regular expression or the ids)."""
    body = {"size": 0, "query": within or {"match_all": {}},
            "aggs": {"ids": {"terms": {"field": "entity_ids", "size": max(1, min(size, MAX_TERMS)),
                                       "include": include}}}}
    with translated("count cables per entity"):
        buckets = client.search(index=cables, body=body)["aggregations"]["ids"]["buckets"]
    return {b["key"]: int(b["doc_count"]) for b in buckets}


def rank(client: OpenSearch, cables: str, resolution: Resolution, counts: Mapping[str, int],
         within: dict[str, Any] | None = None) -> list[tuple[str, int]]:
    """The identities of the ids counted, as (canonical id, cables), most named first."""
    groups: dict[str, tuple[str, ...]] = {}
    for entity_id in counts:
        ident = resolution.identity(entity_id)
        groups.setdefault(ident.canonical, ident.members)
    merged = {canonical: members for canonical, members in groups.items() if len(members) > 1}
    exact = count_any(client, cables, merged, within)
    totals = {canonical: exact.get(canonical, counts.get(canonical, 0)) for canonical in groups}
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def count_any(client: OpenSearch, cables: str, groups: Mapping[str, tuple[str, ...]],
              within: dict[str, Any] | None = None) -> dict[str, int]:
    """Key -> cables naming any of its ids (among ``within``), in one request."""
    if not groups:
        return {}
    filters = {key: {"terms": {"entity_ids": list(ids)}} for key, ids in groups.items()}
    body = {"size": 0, "query": within or {"match_all": {}}, "aggs": {"g": {"filters": {"filters": filters}}}}
    with translated("count cables per identity"):
        buckets = client.search(index=cables, body=body)["aggregations"]["g"]["buckets"]
    return {key: int(bucket["doc_count"]) for key, bucket in buckets.items()}


def years_and_related(client: OpenSearch, cables: str, entities: str, members: tuple[str, ...], size: int,
                      type_: str | None) -> tuple[list[dict[str, int]], list[dict[str, Any]]]:
    """Cables per year of the identity ``members`` make up, and the identities most often named in the
    same cables (itself left out), with how many of its cables name them."""
    within = {"bool": {"filter": [{"terms": {"entity_ids": list(members)}}]}}
    # Ask for more ids than shown: its own ids are among the top ones, and several ids may be one person.
    fetch = min(3 * size + len(members) + 10, MAX_TERMS)
    body = {"size": 0, "query": within, "aggs": {
        "years": {"date_histogram": {"field": "created", "calendar_interval": "year", "format": "yyyy",
                                     "min_doc_count": 1}},
        "related": {"terms": {"field": "entity_ids", "size": fetch,
                              "include": f"{re.escape(type_)}:.*" if type_ else ".*"}}}}
    with translated("years and co-occurring entities"):
        aggs = client.search(index=cables, body=body)["aggregations"]
    years = [{"year": int(b["key_as_string"]), "cables": int(b["doc_count"])} for b in aggs["years"]["buckets"]]
    counts = {b["key"]: int(b["doc_count"]) for b in aggs["related"]["buckets"] if b["key"] not in members}
    if not size or not counts:
        return years, []
    resolution = resolve_ids(client, entities, counts)
    related = []
    for canonical, n in rank(client, cables, resolution, counts, within):
        if canonical in members:
            continue
        entity = resolution.entity(canonical)
        related.append({"id": canonical, "type": entity["type"], "name": entity["name"], "cables": n})
        if len(related) == size:
            break
    return years, related
