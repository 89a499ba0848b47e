"""The text layout: five lines of metadata, then header and body run together."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablestream.parsing.base import Input, Outcome
from cablestream.parsing.classification import OPENING
from cablestream.parsing.dates import parse_text_date
from cablestream.parsing.formats.common import decode, split_glued, to_cable
from cablestream.parsing.formats.limits import cable_bytes
from cablestream.parsing.ids import canonical_id, split_id
from cablestream.parsing.raw import RawCable

# Any id the archive published, malformed ones included (``06ASTANA``, ``092OF5``, ``7575LIBREVILLE1895``)
_ID_LINE = re.compile(rb"\A(?:\xef\xbb\xbf)?[ \t]*(\d{2}[A-Z0-9]*[A-Z][A-Z0-9]*)[ \t]*\r?\n")
_DATE_LINE = re.compile(rb"\n[A-Z][a-z]{2} [A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}[ \t]*\r?\n")
_BODY_KEYS = re.compile(r"^[ \t]*(?:E\.?[ \t]?O\.?[ \t]*\d|TAGS?\b|SUBJ(?:ECT)?\b)", re.IGNORECASE | re.MULTILINE)
_HEADER_START = re.compile(r"\A\s*(?:VZCZC|[ZOPR](?:\s[ZOPR])?\s+\d{6}Z|This record is a partial)")
_HEADER_LINE = re.compile(r"^(?:VZCZC|[A-Z]{2}\s+R[A-Z]{3}|DE\s|Z[A-Z]{2}\s|[ZOPR](?:\s[ZOPR])?\s+\d{6}Z|FM\s|TO\s"
                          r"|INFO\s|R[A-Z0-9]{3,7}/|RUE|RH|BT\b|This record|\d{6}Z)")


class TextFormat:
    name = "text"

    def match(self, item: Input) -> float:
        head = item.head[:400]
        if not _ID_LINE.match(head):
            return 0.0
        return 0.95 if _DATE_LINE.search(head) else 0.4

    def parse(self, item: Input) -> Iterator[Outcome]:
        lines = decode(cable_bytes(item)).replace("\r\n", "\n").split("\n")
        meta = [*lines[:5], *[""] * (5 - min(5, len(lines)))]
        header, body = split_header("\n".join(lines[5:]), meta[0].strip())
        raw = RawCable(
            format="text", reference_id=meta[0].strip(), subject=meta[1].strip() or None,
            created=parse_text_date(meta[2]), classification=meta[3].strip() or None,
            origin=meta[4].strip() or None, header=header, body=body,
        )
        yield to_cable(raw, item)


def split_header(rest: str, ref_id: str) -> tuple[str | None, str]:
    """Find where the body starts: its opening line (marking ... origin serial), often glued to the header."""
    keys = _BODY_KEYS.search(rest)
    region = rest[: keys.start()] if keys else rest
    parts = split_id(canonical_id(ref_id))
    matches = list(OPENING.finditer(region))
    best = next((m for m in matches if parts and m.group("serial").lstrip("0") == parts[2]), None)
    best = best or (matches[0] if matches else None)
    if best is not None:
        header, body = split_glued(rest[: best.start("marking")], rest[best.start("marking"):])
        return header.strip("\n") or None, body
    if not _HEADER_START.match(rest):
        return None, rest
    return _split_by_shape(rest)


def _split_by_shape(rest: str) -> tuple[str | None, str]:
    """No opening line: the header is the leading run of header-shaped lines and address lines."""
    lines = rest.split("\n")
    end = 0
    for i, line in enumerate(lines):
        if not line.strip() or (_BODY_KEYS.match(line)):
            break
        if _HEADER_LINE.match(line) or (line.isupper() and i and lines[i - 1].strip()):
            end = i + 1
        else:
            break
    return "\n".join(lines[:end]) or None, "\n".join(lines[end:])
