"""Response models of the read API."""

from __future__ import annotations

from pydantic import BaseModel


class CableSummary(BaseModel):
    reference_id: str
    subject: str | None = None
    created: str | None = None
    classification: str | None = None
    classification_level: str | None = None
    origin: str | None = None
    tags: list[str] = []


class CableList(BaseModel):
    total: int
    items: list[CableSummary]
