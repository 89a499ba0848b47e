"""The search response, built as plain data, is what the response model would have produced (pure)."""

from __future__ import annotations

from typing import Any

import orjson

from cablestream.search.facets import facet_aggs
from cablestream.search.paging import Page
from cablestream.search.queries import SUMMARY_FIELDS
from services.api.routes.cables import cable_list
from services.api.schemas import CableList, CableSummary


def _page(hits: list[dict[str, Any]], facets: dict[str, list[dict[str, Any]]] | None) -> Page:
    return Page(total=42, hits=hits, facets=facets, next_cursor="abc" if facets else None)


FULL: dict[str, Any] = {"reference_id": "09ASTANA497", "subject": "KAZAKHSTAN: OIL", "created": "2009-03-20T02:26:00",
        "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "classification_level": "UNCLASSIFIED",
        "caveats": ["SENSITIVE", "SIPDIS"], "origin": "Embassy Astana", "tags": ["PGOV", "KZ"],
        "references": ["08ASTANA2445"]}
HITS: list[dict[str, Any]] = [
    {"_id": "09ASTANA497", "_score": 3.25, "_source": FULL, "highlight": {"body": ["the <em>oil</em> minister"]},
     "sort": [3.25, 1237516000000, "09ASTANA497"]},
    {"_id": "66X1", "_score": None, "_source": {"reference_id": "66X1"}, "sort": [None, "66X1"]},  # sparse record
    {"_id": "66X2", "_source": {"reference_id": "66X2", "tags": None, "subject": ""}},  # null list, no score
]
FACETS = {name: [{"key": "2009", "count": 3}, {"key": "KZ", "count": 1}] for name in facet_aggs()}


def test_the_plain_list_is_the_models_own_output() -> None:
    for facets in (FACETS, None):
        body = orjson.loads(orjson.dumps(cable_list(_page(HITS, facets))))
        assert body == CableList.model_validate(body).model_dump(mode="json")
        assert list(body) == list(CableList.model_fields)
        assert [list(item) for item in body["items"]] == [list(CableSummary.model_fields)] * len(HITS)
    first, sparse, nulls = cable_list(_page(HITS, FACETS))["items"]
    assert first == FULL | {"score": 3.25, "highlights": {"body": ["the <em>oil</em> minister"]}}
    assert sparse["tags"] == [] and sparse["subject"] is None and sparse["score"] is None
    assert nulls["tags"] == [] and nulls["subject"] == "" and nulls["highlights"] == {}


def test_every_summary_field_the_search_asks_for_is_in_the_response() -> None:
    assert set(SUMMARY_FIELDS) <= set(CableSummary.model_fields)
