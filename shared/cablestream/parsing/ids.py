"""Reference ids: the canonical form, the form a record is keyed by, the parts of an id."""

from __future__ import annotations

import re

from cablestream.parsing.archive import archive

# A year, an origin in letters, a serial.  Some published ids repeat the year (``7575LIBREVILLE1895``).
_CANONICAL = re.compile(r"(\d{2})(?:\1)?([A-Z]+?)0*(\d+)")
_LOOSE = re.compile(r"\s+")
_WELL_FORMED = re.compile(r"\d{2}[A-Z]+0*[1-9]\d*")
_REPEATED_YEAR = re.compile(r"(\d\d)\1[A-Z]")
_TAIL = re.compile(r"(?<=[0-9])([A-Z]+)0*(\d+)$")


def canonical_id(raw: str) -> str:
    """``09ASTANA000497`` -> ``09ASTANA497``; ids of other shapes are only trimmed and upper-cased."""
    compact = _LOOSE.sub("", raw).upper()
    m = _CANONICAL.fullmatch(compact)
    if not m:
        return compact
    return f"{m.group(1)}{m.group(2)}{m.group(3)}"


def published_id(raw: str) -> tuple[str, str | None]:
    """The id a record is keyed by, and a note when it is malformed as published.

    53 ids of the archive do not fit year + origin + serial (``06SECION01OF02HARARE628``, ``092OF5``,
    ``7575LIBREVILLE1895``); they are the archive's keys for real cables, so they are kept exactly as published.
    """
    compact = _LOOSE.sub("", raw).upper()
    if _WELL_FORMED.fullmatch(compact) and not _REPEATED_YEAR.match(compact):
        return canonical_id(compact), None
    ref_id = compact if compact in archive().malformed else canonical_id(compact)
    if _WELL_FORMED.fullmatch(ref_id) and ref_id != compact:
        return ref_id, f"reference id {compact} published with a repeated year, read as {ref_id}"
    if _WELL_FORMED.fullmatch(ref_id):
        return ref_id, None
    tail = _TAIL.search(ref_id)
    guess = f" (probably {ref_id[:2]}{tail.group(1)}{int(tail.group(2))})" if tail and ref_id[:2].isdigit() and (
        archive().known_post(tail.group(1))) else ""
    return ref_id, f"reference id malformed as published, kept as published{guess}"


def split_id(ref_id: str) -> tuple[str, str, str] | None:
    """(year, origin, serial) of a canonical id, or None for ids of another shape."""
    m = _CANONICAL.fullmatch(ref_id)
    return (m.group(1), m.group(2), m.group(3)) if m else None
