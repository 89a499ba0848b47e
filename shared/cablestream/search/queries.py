"""Building search requests: pure functions from API parameters to OpenSearch query bodies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SUMMARY_FIELDS = ["reference_id", "subject", "created", "classification", "classification_level",
                  "origin", "tags"]
TEXT_FIELDS = ["subject^3", "summary^2", "body"]


@dataclass(frozen=True)
class CableQuery:
    q: str | None = None
    tags: list[str] = field(default_factory=list)
    origin: str | None = None
    classification: str | None = None
    size: int = 20


def filters(query: CableQuery) -> list[dict[str, Any]]:
    clauses: list[dict[str, Any]] = [{"term": {"tags": tag}} for tag in query.tags]
    if query.origin:
        clauses.append({"term": {"origin": query.origin}})
    if query.classification:
        # Accept either the level (SECRET) or the marking as shown (SECRET//NOFORN).
        clauses.append({"bool": {"should": [{"term": {"classification_level": query.classification.upper()}},
                                            {"term": {"classification": query.classification}}],
                                 "minimum_should_match": 1}})
    return clauses


def search_body(query: CableQuery) -> dict[str, Any]:
    must: list[dict[str, Any]] = []
    if query.q:
        must.append({"simple_query_string": {"query": query.q, "fields": TEXT_FIELDS,
                                             "default_operator": "and"}})
    return {
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": filters(query)}},
        "_source": SUMMARY_FIELDS,
        "size": query.size,
        "track_total_hits": True,
        "sort": ["_score", {"created": {"order": "desc", "missing": "_last"}}, {"reference_id": "asc"}],
    }
