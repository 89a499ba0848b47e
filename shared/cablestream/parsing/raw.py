"""What a format hands to the record builder: metadata as the format states it, header and body text."""

from __future__ import annotations

from dataclasses import dataclass, field

from cablestream.record import SourceFormat


@dataclass
class RawCable:
    """One cable as found, before interpretation.  Dates are already ISO 8601 (or None)."""

    format: SourceFormat
    reference_id: str | None = None
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    classification_note: str | None = None  # e.g. the HTML title attribute when it disagrees
    origin: str | None = None
    subject: str | None = None  # a subject stated outside the body (text line 2, page title)
    references: list[str] = field(default_factory=list)  # ids stated outside the body (CSV column)
    header: str | None = None
    body: str = ""
    partial: bool = False
