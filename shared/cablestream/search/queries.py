"""Building search requests: pure functions from API parameters to OpenSearch query bodies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from cablestream.search.syntax import parse_query

SUMMARY_FIELDS = ["reference_id", "subject", "created", "classification", "classification_level",
                  "caveats", "origin", "tags", "references"]
HIGHLIGHT_FIELDS = ("subject", "summary", "body", "comment")
Sort = Literal["relevance", "newest", "oldest"]
# Bounds of the search parameters, shared by the API and the cursors that carry a query.
MAX_PAGE_SIZE = 500
MAX_Q_LENGTH = 1000
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # YYYY, YYYY-MM or YYYY-MM-DD
# Every sort ends on reference_id (unique): a total order, so search_after never skips or repeats.
_TIEBREAK = {"reference_id": "asc"}
SORTS: dict[str, list[Any]] = {
    "relevance": ["_score", {"created": {"order": "desc", "missing": "_last"}}, _TIEBREAK],
    "newest": [{"created": {"order": "desc", "missing": "_last"}}, _TIEBREAK],
    "oldest": [{"created": {"order": "asc", "missing": "_last"}}, _TIEBREAK],
}


@dataclass(frozen=True)
class CableQuery:
    """What a search asks for; every list filter is repeatable in the API."""

    q: str | None = None
    tags: list[str] = field(default_factory=list)  # all of
    origins: list[str] = field(default_factory=list)  # any of
    classifications: list[str] = field(default_factory=list)  # any of (level or marking as shown)
    caveats: list[str] = field(default_factory=list)  # all of
    references: list[str] = field(default_factory=list)  # cites all of
    entities: list[str] = field(default_factory=list)  # all of (entity ids)
    entities_any: list[str] = field(default_factory=list)  # any of: the ids of one identity (GET /v1/entities/{id})
    created_from: str | None = None  # inclusive, ISO date (YYYY, YYYY-MM or YYYY-MM-DD)
    created_to: str | None = None  # inclusive, same forms: a year or month means its whole span
    sort: Sort = "relevance"
    size: int = 20


def filters(query: CableQuery) -> list[dict[str, Any]]:
    clauses: list[dict[str, Any]] = [{"term": {"tags": tag}} for tag in query.tags]
    clauses += [{"term": {"caveats": c.upper()}} for c in query.caveats]
    clauses += [{"term": {"references": r}} for r in query.references]
    clauses += [{"term": {"entity_ids": e}} for e in query.entities]
    if query.entities_any:
        clauses.append({"terms": {"entity_ids": query.entities_any}})
    if query.origins:
        clauses.append({"terms": {"origin": query.origins}})
    if query.classifications:
        # Accept either the level (SECRET) or the marking as shown (SECRET//NOFORN).
        clauses.append({"bool": {"should": [{"terms": {"classification_level": [c.upper() for c in
                                                                                 query.classifications]}},
                                            {"terms": {"classification": query.classifications}}],
                                 "minimum_should_match": 1}})
    created = _date_range(query.created_from, query.created_to)
    if created:
        clauses.append({"range": {"created": created}})
    return clauses


def _date_range(start: str | None, end: str | None) -> dict[str, str]:
    # Rounding does the work: "lte 2009||/y" is the end of 2009, "gte 2009-03||/M" its first day.
    bounds: dict[str, str] = {}
    if start:
        bounds["gte"] = f"{start}||/{_unit(start)}"
    if end:
        bounds["lte"] = f"{end}||/{_unit(end)}"
    if bounds:
        bounds["format"] = "strict_date_optional_time||yyyy-MM||yyyy"
    return bounds


def _unit(value: str) -> str:
    return {4: "y", 7: "M"}.get(len(value), "d")


def text_query(query: CableQuery) -> dict[str, Any]:
    return parse_query(query.q) if query.q and query.q.strip() else {"match_all": {}}


def search_body(query: CableQuery, *, highlight: bool = True) -> dict[str, Any]:
    """The request for one page (without paging state, see ``search.paging``)."""
    body: dict[str, Any] = {
        "query": {"bool": {"must": [text_query(query)], "filter": filters(query)}},
        "_source": SUMMARY_FIELDS,
        "size": query.size,
        "track_total_hits": True,
        "sort": SORTS[query.sort],
    }
    if highlight and query.q:
        body["highlight"] = {
            "fields": {f: {} for f in HIGHLIGHT_FIELDS},
            "require_field_match": False,  # highlight the words wherever they are, not only in the field asked
            "fragment_size": 160, "number_of_fragments": 3, "pre_tags": ["<em>"], "post_tags": ["</em>"],
            "max_analyzer_offset": 900_000,
        }
    return body
