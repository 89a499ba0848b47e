"""The interface every publication format implements, and the typed errors of parsing.

A format says how well it matches some bytes (``match`` -> score in [0, 1]) and turns them into
outcomes (``parse``).  Containers (zip, tar.gz, CSV) are formats that yield many outcomes; a
container member that fails yields a ``ParseFailure`` and the others go on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from cablestream.errors import DataError
from cablestream.record import Cable

if TYPE_CHECKING:
    from cablestream.parsing.formats.limits import Budget

PARSER_VERSION = "1.2.1"


class ParseError(DataError):
    """The bytes could not be turned into a cable.  Final: never retried."""

    stage = "parse"


class UnknownFormat(ParseError):
    """No registered format recognises the bytes."""


class NoCableFound(ParseError):
    """The bytes look like a known format but hold no cable."""


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """One input (or container member) that failed; carried instead of raising so siblings go on."""

    error_type: str
    reason: str
    name: str | None
    index: int
    reference_id: str | None = None

    @classmethod
    def from_error(cls, err: ParseError, name: str | None, index: int) -> ParseFailure:
        return cls(type(err).__name__, str(err), name, index, getattr(err, "reference_id", None))


Outcome = Cable | ParseFailure


@dataclass(frozen=True, slots=True)
class Input:
    """Bytes to parse with what we know of where they came from."""

    data: bytes
    name: str | None = None
    sha256: str | None = None
    depth: int = 0
    # What the containers around these bytes expanded so far: one budget for the whole input, so an
    # archive of archives cannot multiply the limits by nesting (None: the outermost input).
    budget: Budget | None = None


class Format(Protocol):
    """One publication format (or container)."""

    name: str

    def match(self, item: Input) -> float:
        """How sure the format is that it can parse these bytes, from 0 (no) to 1 (certain)."""

    def parse(self, item: Input) -> Iterator[Outcome]:
        """Yield every cable (or failure) found.  Raises only :class:`ParseError`."""
