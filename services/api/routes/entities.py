"""``/v1/entities``: the archive's entity index, browsable by type and name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
from cablestream.search.entities import entity_with_cables, top_entities
from services.api.deps import READ, WiringDep

router = APIRouter(prefix="/v1/entities", tags=["entities"], dependencies=[READ], responses=AUTH_ERRORS)
ERRORS = error_responses(404, 422, 503)


class EntitySummary(BaseModel):
    id: str
    type: str
    name: str
    cables: int


class EntityList(BaseModel):
    items: list[EntitySummary]


class EntityCable(BaseModel):
    reference_id: str
    subject: str | None = None
    created: str | None = None
    origin: str | None = None
    classification: str | None = None


class EntityDetail(EntitySummary):
    items: list[EntityCable]
    offset: int
    size: int


@router.get("", response_model=EntityList, responses=ERRORS)
def list_entities(
    wiring: WiringDep,
    type: Annotated[str | None, Query(description="person, organization, place, country, subject...",
                                      pattern=r"^[a-z_]+$", max_length=40)] = None,
    q: Annotated[str | None, Query(description="words of the name", max_length=200)] = None,
    size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> EntityList:
    s = wiring.settings
    items = top_entities(wiring.search, s.index_alias, s.entities_alias, type, q, size)
    return EntityList(items=[EntitySummary(**i) for i in items])


@router.get("/{entity_id}", response_model=EntityDetail, responses=ERRORS)
def get_entity(entity_id: str, wiring: WiringDep, size: Annotated[int, Query(ge=1, le=500)] = 20,
               offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> EntityDetail:
    s = wiring.settings
    found = entity_with_cables(wiring.search, s.index_alias, s.entities_alias, entity_id, size, offset)
    if found is None:
        raise bad_param(404, "entity_id", f"no entity {entity_id!r}")
    return EntityDetail(**found, offset=offset, size=size)
