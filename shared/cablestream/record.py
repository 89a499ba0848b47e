"""The one schema of a parsed cable: the same in storage, index and API.

Field names are a contract; every field is documented in ``docs/record.md``.  Bump
``RECORD_SCHEMA_VERSION`` on any incompatible change.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RECORD_SCHEMA_VERSION = 1

ClassificationLevel = Literal["UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET"]
SourceFormat = Literal["text", "html-2010", "html-2011", "csv"]  # the format of the cable itself, never its container


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Addressee(_Model):
    """One routing line of FM/TO/INFO: ``RUEHC/SECSTATE WASHDC IMMEDIATE 4966``."""

    routing_indicator: str | None = None
    name: str | None = None
    precedence: str | None = None
    serial: str | None = None


class ClassifiedBy(_Model):
    name: str | None = None
    reasons: list[str] = Field(default_factory=list)


Resolution = Literal["exact", "corrected", "year_inferred", "unresolved"]


class ReferenceDetail(_Model):
    """One citation of a REF item.  ``resolution`` and ``span`` came in parser 1.2 (absent from older records)."""

    id: str | None = None
    label: str | None = None
    raw: str
    resolution: Resolution | None = None
    span: str | None = None  # the citation the id was read from (``BRASILA 931``, ``BRASILIA 2799 AND 2764``)


class Paragraph(_Model):
    number: int | None = None
    marking: str | None = None
    heading: str | None = None
    text: str


class Source(_Model):
    """Where the record came from: the stored object and the cable's place inside it."""

    format: SourceFormat
    sha256: str | None = None
    name: str | None = None
    index: int = 0


class Mention(_Model):
    start: int
    end: int
    text: str


class Entity(_Model):
    id: str
    type: str
    name: str
    count: int
    mentions: list[Mention] = Field(default_factory=list)
    source: Literal["rule", "model"]
    confidence: float


class Cable(_Model):
    """A parsed cable.  Absent fields are null or empty, never guessed."""

    schema_version: int = RECORD_SCHEMA_VERSION
    reference_id: str
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    classification_level: ClassificationLevel | None = None
    caveats: list[str] = Field(default_factory=list)
    origin: str | None = None
    transmission_id: str | None = None
    precedence: str | None = None
    dtg: str | None = None
    from_: Addressee | None = Field(default=None, alias="from")
    to: list[Addressee] = Field(default_factory=list)
    info: list[Addressee] = Field(default_factory=list)
    pass_to: list[str] = Field(default_factory=list)
    eo: str | None = None
    declassify_on: str | None = None
    classified_by: ClassifiedBy | None = None
    tags: list[str] = Field(default_factory=list)
    subject: str | None = None
    references: list[str] = Field(default_factory=list)
    references_detail: list[ReferenceDetail] = Field(default_factory=list)
    summary: str | None = None
    comment: str | None = None
    paragraphs: list[Paragraph] = Field(default_factory=list)
    header: str | None = None
    body: str = ""
    signers: list[str] = Field(default_factory=list)
    sections: int | None = None
    partial: bool = False
    notes: list[str] = Field(default_factory=list)
    source: Source
    parser_version: str
    entities: list[Entity] | None = None
    extractor_version: str | None = None

    def to_json_dict(self) -> dict[str, object]:
        """The record as stored and indexed: aliases (``from``), nulls kept."""
        return self.model_dump(mode="json", by_alias=True)
