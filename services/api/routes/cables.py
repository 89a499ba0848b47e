"""``/v1/cables``: search and fetch cable records."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query
from fastapi.responses import Response

from cablestream.http.problems import Problem, bad_param
from cablestream.search.queries import CableQuery, search_body
from cablestream.storage import ObjectMissing, record_key
from services.api.deps import WiringDep
from services.api.schemas import CableList, CableSummary

router = APIRouter(prefix="/v1/cables", tags=["cables"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": Problem} for code in (404, 422, 503)}


@router.get("", response_model=CableList, responses=ERRORS)
def search_cables(
    wiring: WiringDep,
    q: Annotated[str | None, Query(description="full text over subject, summary and body", max_length=1000)] = None,
    tag: Annotated[list[str], Query(description="TAGS code; repeat for all of several")] = [],  # noqa: B006
    origin: Annotated[str | None, Query(description="the post, as shown (e.g. Embassy Astana)")] = None,
    classification: Annotated[str | None, Query(description="level or marking as shown")] = None,
    size: Annotated[int, Query(ge=0, le=500)] = 20,
) -> CableList:
    body = search_body(CableQuery(q=q, tags=tag, origin=origin, classification=classification, size=size))
    result = wiring.search.search(index=wiring.settings.index_alias, body=body)
    hits = result["hits"]
    return CableList(total=hits["total"]["value"], items=[CableSummary(**h["_source"]) for h in hits["hits"]])


@router.get("/{reference_id}", responses={**ERRORS, 200: {"description": "the stored record (docs/record.md)"}})
def get_cable(reference_id: str, wiring: WiringDep) -> Response:
    try:
        raw = wiring.store.load_bytes(record_key(reference_id))
    except ObjectMissing:
        raise bad_param(404, "reference_id", f"no cable {reference_id!r}") from None
    # The record is served exactly as stored: one schema in storage, index and API.
    return Response(orjson.dumps(orjson.loads(raw)), media_type="application/json")
