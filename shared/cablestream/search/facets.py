"""Facets of a result set, computed with the first page: timeline by year and month, top origins,
tags and classification levels, and the top people, organizations and places (entity ids)."""

from __future__ import annotations

from typing import Any

TOP_ORIGINS, TOP_TAGS, TOP_ENTITIES = 25, 50, 20
ENTITY_FACETS = {"people": "person", "organizations": "organization", "places": "place"}


def facet_aggs() -> dict[str, Any]:
    def histogram(interval: str, fmt: str) -> dict[str, Any]:
        return {"date_histogram": {"field": "created", "calendar_interval": interval, "format": fmt,
                                   "min_doc_count": 1}}

    return {
        "years": histogram("year", "yyyy"),
        "months": histogram("month", "yyyy-MM"),
        "origins": {"terms": {"field": "origin", "size": TOP_ORIGINS}},
        "tags": {"terms": {"field": "tags", "size": TOP_TAGS}},
        "classification_levels": {"terms": {"field": "classification_level", "size": 10}},
    } | {name: {"terms": {"field": "entity_ids", "size": TOP_ENTITIES, "include": f"{kind}:.*"}}
         for name, kind in ENTITY_FACETS.items()}


def read_facets(aggregations: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """``{facet: [{"key": ..., "count": ...}]}``, dates keyed as ``2009`` and ``2009-03``."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name in _FACET_NAMES:
        buckets = aggregations.get(name, {}).get("buckets", [])
        # Hundreds of month buckets a page: read as JSON gives them (doc_count an int, a terms key a str).
        key = "key_as_string" if name in _DATED else "key"
        out[name] = [{"key": b[key], "count": b["doc_count"]} for b in buckets]
    return out


_FACET_NAMES = tuple(facet_aggs())
_DATED = frozenset({"years", "months"})
