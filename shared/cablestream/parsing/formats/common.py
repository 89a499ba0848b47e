"""Helpers every format shares: decoding bytes, building the source, turning a RawCable into a record."""

from __future__ import annotations

import re

from cablestream.parsing.base import Input
from cablestream.parsing.build import build_cable
from cablestream.parsing.raw import RawCable
from cablestream.record import Cable, Source

_ENCODINGS = ("utf-8", "cp1252")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, else UTF-8 with replacement characters."""
    for enc in _ENCODINGS:
        try:
            return data.decode(enc).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def to_cable(raw: RawCable, item: Input, index: int = 0) -> Cable:
    return build_cable(raw, Source(format=raw.format, sha256=item.sha256, name=item.name, index=index))


_WEEKDAY_DATE = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}\s*$")


def split_glued(header: str, body: str) -> tuple[str, str]:
    """A publisher's date line (``Thursday, 31 December 2009, 14:55``) glued to the header belongs to the body."""
    m = _WEEKDAY_DATE.search(header)
    if m:
        return header[: m.start()], header[m.start():] + body
    return header, body
