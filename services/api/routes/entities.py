"""``/v1/entities``: the archive's entities as identities, browsable by type and any alias.

One person is one entry whatever ids the cables gave him (docs/entity-identity.md).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
from cablestream.search.cursor import BadCursor
from cablestream.search.entities import EntityQuery, entity_page, top_entities
from cablestream.search.paging import SearchRefused
from cablestream.search.queries import MAX_PAGE_SIZE
from services.api.deps import READ, WiringDep

router = APIRouter(prefix="/v1/entities", tags=["entities"], dependencies=[READ], responses=AUTH_ERRORS)
ERRORS = error_responses(400, 404, 422, 502, 503)
EntityType = Annotated[str | None, Query(description="person, organization, place, country, subject...",
                                         pattern=r"^[a-z_]+$", max_length=40)]


class Identity(BaseModel):
    id: str = Field(description="the canonical id of the identity")
    type: str
    name: str
    aliases: list[str] = Field(description="every form its ids were written in: names, mentions, TAGS codes")
    members: list[str] = Field(description="the entity ids that are this identity, canonical first")


class EntitySummary(Identity):
    cables: int = Field(description="cables naming any member")


class EntityList(BaseModel):
    items: list[EntitySummary]


class EntityCable(BaseModel):
    reference_id: str
    subject: str | None = None
    created: str | None = None
    origin: str | None = None
    classification: str | None = None


class Candidate(BaseModel):
    id: str
    name: str


class YearCount(BaseModel):
    year: int
    cables: int


class Related(BaseModel):
    id: str = Field(description="canonical id")
    type: str
    name: str
    cables: int = Field(description="cables of this entity that also name it")


class EntityDetail(Identity):
    id: str = Field(description="the id asked for")
    canonical_id: str = Field(description="the identity it belongs to (its own id when canonical)")
    candidates: list[Candidate] = Field(description="a name the archive cannot tell apart (a bare surname "
                                                    "shared by several people): who it may be")
    cables: int | None = Field(description="cables naming any member (first page only)")
    years: list[YearCount] | None = Field(description="cables per year of creation (first page only)")
    co_occurring: list[Related] | None = Field(description="identities most often named in the same cables "
                                                           "(first page only)")
    items: list[EntityCable]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null at the end")


@router.get("", response_model=EntityList, responses=ERRORS)
def list_entities(
    wiring: WiringDep,
    type: EntityType = None,
    q: Annotated[str | None, Query(description="words of any alias (name, spelling, TAGS code)",
                                   max_length=200)] = None,
    size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> EntityList:
    s = wiring.settings
    items = top_entities(wiring.search, s.index_alias, s.entities_alias, type, q.strip() if q else None, size)
    return EntityList(items=[EntitySummary(**i) for i in items])


@router.get("/{entity_id}", response_model=EntityDetail, responses=ERRORS)
def get_entity(
    entity_id: str, wiring: WiringDep,
    size: Annotated[int | None, Query(ge=1, le=MAX_PAGE_SIZE, description="cables per page (default 20)")] = None,
    sort: Annotated[Literal["newest", "oldest"], Query(description="by date of creation")] = "newest",
    cursor: Annotated[str | None, Query(max_length=24000, description="next_cursor of the previous page")] = None,
    co_size: Annotated[int, Query(ge=0, le=50, description="co-occurring identities to list")] = 10,
    co_type: EntityType = None,
) -> EntityDetail:
    s = wiring.settings
    query = EntityQuery(size=size, sort=sort, cursor=cursor, related=co_size, related_type=co_type)
    try:
        found = entity_page(wiring.search, s.index_alias, s.entities_alias, entity_id, query)
    except BadCursor as err:
        raise bad_param(400, "cursor", f"the cursor is invalid or expired: {err}; start again without a "
                                       "cursor") from None
    except SearchRefused as err:
        raise bad_param(400, err.param, str(err)) from None
    if found is None:
        raise bad_param(404, "entity_id", f"no entity {entity_id!r}")
    return EntityDetail(**found)
