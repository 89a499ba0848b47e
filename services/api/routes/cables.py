"""``/v1/cables``: search with facets and cursor paging, and the records themselves."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
from cablestream.infra.storage import ObjectMissing, record_key
from cablestream.record import Cable
from cablestream.search.cursor import BadCursor
from cablestream.search.paging import Page, SearchRefused, first_page, next_page
from cablestream.search.queries import MAX_PAGE_SIZE
from services.api.deps import READ, SearchDep, WiringDep
from services.api.params import SearchQuery
from services.api.schemas import CableList, CableSummary

router = APIRouter(prefix="/v1/cables", tags=["cables"], dependencies=[READ], responses=AUTH_ERRORS)
ERRORS = error_responses(400, 404, 422, 502, 503)
ReferenceId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,80}$", description="e.g. 09ASTANA497")]


@router.get("", response_model=CableList, responses=ERRORS)
def search_cables(
    search: SearchDep, wiring: WiringDep, query: SearchQuery,
    size: Annotated[int | None, Query(ge=0, le=MAX_PAGE_SIZE, description="hits per page (default 20)")] = None,
    facets: Annotated[bool, Query(description="compute facets (first page only)")] = True,
    cursor: Annotated[str | None, Query(max_length=24000, description=(
        "next_cursor of the previous page; the query travels inside it, other filters are ignored"))] = None,
) -> Response:
    alias = wiring.settings.index_alias
    try:
        if cursor:
            page = next_page(search, alias, cursor, size)
        else:
            page = first_page(search, alias, replace(query, size=20 if size is None else size), facets)
    except BadCursor as err:
        raise bad_param(400, "cursor", f"the cursor is invalid or expired: {err}; start again from a search "
                                       "without a cursor") from None
    except SearchRefused as err:
        raise bad_param(400, err.param, str(err)) from None
    return Response(orjson.dumps(cable_list(page)), media_type="application/json")


# CableSummary's fields in its order, each with its default: lists, else None.
_SUMMARY: list[tuple[str, list[str] | None]] = [(name, [] if name in {"caveats", "tags", "references"} else None)
            for name in CableSummary.model_fields if name not in {"score", "highlights"}]


def cable_list(page: Page) -> dict[str, Any]:
    """The ``CableList`` of a page, built as plain data: OpenSearch returns the summary fields
    (``queries.SUMMARY_FIELDS``) as the index mapping holds them, so building and re-validating a model
    per hit and per facet bucket (a page's facets hold hundreds of buckets) would only spend time."""
    items = []
    for hit in page.hits:
        source = hit["_source"]
        item = {name: default if (value := source.get(name)) is None else value for name, default in _SUMMARY}
        item["score"], item["highlights"] = hit.get("_score"), hit.get("highlight", {})
        items.append(item)
    return {"total": page.total, "items": items, "facets": page.facets, "next_cursor": page.next_cursor}


@router.get("/{reference_id}", response_model=Cable, responses=ERRORS)
def get_cable(reference_id: ReferenceId, wiring: WiringDep) -> Response:
    """The whole record, as stored (docs/record.md)."""
    try:
        raw = wiring.store.load_bytes(record_key(reference_id.upper()))
    except ObjectMissing:
        raise bad_param(404, "reference_id", f"no cable {reference_id!r}") from None
    # Served exactly as stored (one schema in storage, index and API), without a validation pass.
    return Response(orjson.dumps(orjson.loads(raw)), media_type="application/json")
