"""The interface every publication format implements, and the typed errors of parsing.

A format says how well it matches some bytes (``match`` -> score in [0, 1]) and turns them into
outcomes (``parse``).  Containers (zip, tar.gz, CSV) are formats that yield many outcomes; a
container member that fails yields a ``ParseFailure`` and the others go on.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, Protocol

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


# What ``match`` may look at: the first bytes (an HTML page's table sits within its first 400 KB).
HEAD_BYTES = 400_000


@dataclass(frozen=True, slots=True)
class Input:
    """Bytes to parse with what we know of where they came from.

    The bytes are held (``data``: members, small files) or, for a stored file too large to hold (an
    archive of a gigabyte), read from a seekable ``file``: containers open it directly and read one
    member at a time, so the file is never in memory whole.  Formats match on ``head`` and read the
    whole input through :meth:`content` (after checking ``size``), never through ``data``: it is empty
    for a file.
    """

    data: bytes = b""
    name: str | None = None
    sha256: str | None = None
    depth: int = 0
    # What the containers around these bytes expanded so far: one budget for the whole input, so an
    # archive of archives cannot multiply the limits by nesting (None: the outermost input).
    budget: Budget | None = None
    file: BinaryIO | None = None
    # Read once here, not once per format asked to match.
    head: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        head = self.data[:HEAD_BYTES] if self.file is None else self.read_at(0, HEAD_BYTES)
        object.__setattr__(self, "head", head)

    @property
    def size(self) -> int:
        if self.file is None:
            return len(self.data)
        return self.file.seek(0, os.SEEK_END)

    def read_at(self, offset: int, size: int) -> bytes:
        """``size`` bytes from ``offset`` (negative: from the end), of the bytes or of the file."""
        if self.file is None:
            start = max(0, len(self.data) + offset) if offset < 0 else offset
            return self.data[start:start + size]
        self.file.seek(max(0, self.size + offset) if offset < 0 else offset)
        return self.file.read(size)

    def stream(self) -> BinaryIO:
        """The bytes as a seekable file from their start, for containers (the file itself, or a view of the
        bytes: ``BytesIO`` shares them until written)."""
        if self.file is None:
            return io.BytesIO(self.data)
        self.file.seek(0)
        return self.file

    def content(self) -> bytes:
        """All the bytes, for formats that parse them whole (one cable, one page): check ``size`` first."""
        return self.data if self.file is None else self.read_at(0, self.size)


class Format(Protocol):
    """One publication format (or container)."""

    name: str

    def match(self, item: Input) -> float:
        """How sure the format is that it can parse these bytes, from 0 (no) to 1 (certain)."""

    def parse(self, item: Input) -> Iterator[Outcome]:
        """Yield every cable (or failure) found.  Raises only :class:`ParseError`."""
