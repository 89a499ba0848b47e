"""A candidate mention before resolution: from the cable's structure (no offsets) or from its text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cablestream.extraction.names import fold

Source = Literal["rule", "model"]

# Model labels we keep, and the entity type each becomes.  FAC, dates, numbers etc. are not asked for.
LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "NORP": "group"}
RULE_CONFIDENCE = 1.0


@dataclass(slots=True)
class Candidate:
    type: str
    name: str
    source: Source
    confidence: float = RULE_CONFIDENCE
    start: int | None = None  # body offsets; None for structural facts (TAGS, routing lines, REF ids)
    end: int | None = None
    text: str | None = None
    key: str | None = None  # fixed id slug (tag codes); None means "slug of the resolved name"

    @property
    def located(self) -> bool:
        return self.start is not None and self.end is not None


def full_name_words(cands: list[Candidate]) -> set[str]:
    """The folded words of the cable's people named in two words or more: a one-word form among them is a
    person's name, whatever else its own mentions suggest."""
    return {w for c in cands if c.type == "person" and " " in c.name.strip() for w in fold(c.name).split()}
