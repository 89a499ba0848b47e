"""Response models of the read API.  Full records are the one record schema (``cablestream.record.Cable``)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from cablestream.record import Cable


class CableSummary(BaseModel):
    reference_id: str
    subject: str | None = None
    created: str | None = None
    classification: str | None = None
    classification_level: str | None = None
    caveats: list[str] = []
    origin: str | None = None
    tags: list[str] = []
    references: list[str] = []
    score: float | None = Field(None, description="relevance, when sorted by relevance")
    highlights: dict[str, list[str]] = Field({}, description="field -> fragments, matched words in <em>")


class FacetBucket(BaseModel):
    key: str
    count: int


class Facets(BaseModel):
    years: list[FacetBucket]
    months: list[FacetBucket] = Field(description="keys as YYYY-MM")
    origins: list[FacetBucket]
    tags: list[FacetBucket]
    classification_levels: list[FacetBucket]
    people: list[FacetBucket] = Field(description="entity ids (GET /v1/entities/{id}); filter with entity=")
    organizations: list[FacetBucket] = Field(description="entity ids")
    places: list[FacetBucket] = Field(description="entity ids")


class CableList(BaseModel):
    total: int = Field(description="hits of the whole result set (-1 on pages after the first)")
    items: list[CableSummary]
    facets: Facets | None = Field(None, description="with the first page only")
    next_cursor: str | None = Field(None, description="pass as ?cursor= for the next page; null at the end")


class CitedCable(BaseModel):
    reference_id: str
    label: str | None = Field(None, description="as listed in REF: (A, B...)")
    in_archive: bool = Field(description="one of the 251,287 cables of the published archive (cable2month)")
    indexed: bool = Field(False, description="held in this index (subject and created come from it)")
    resolution: str | None = Field(None, description="exact, corrected or year_inferred: how the REF was read")
    subject: str | None = None
    created: str | None = None


class CitedBy(BaseModel):
    total: int
    items: list[CableSummary]


class References(BaseModel):
    reference_id: str
    cites: list[CitedCable] = Field(description="outbound: the cables this one cites, in REF order")
    cited_by: CitedBy = Field(description="inbound: archive cables that cite this one, oldest first")


class Change(BaseModel):
    cursor: str = Field(description="resume after this change with ?since=<cursor>")
    reference_id: str
    op: str = Field(description="created | updated")
    stage: str
    changed_at: str
    record: Cable | None = Field(None, description="the record now (null if no longer indexed)")


class ChangeList(BaseModel):
    changes: list[Change]
    next: str = Field(description="the cursor to resume from: the last change's, or the one given")
