"""What the 2010 viewer and the 2011 final-release pages share: the metadata table and two ``<pre>`` blocks."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cablestream.parsing.base import Input, ParseError
from cablestream.parsing.dates import parse_table_date
from cablestream.parsing.formats.common import decode
from cablestream.parsing.raw import RawCable
from cablestream.record import SourceFormat

CABLE_TABLE = re.compile(rb"<table[^>]*class=['\"]cable['\"]", re.IGNORECASE)
RELEASE_YEAR = re.compile(rb"/reldate/(\d{4})-")
_VIEWING = re.compile(r"Viewing cable\s+\S+?,\s*(.+)$", re.DOTALL)


class NoCableTable(ParseError):
    """The page has no metadata table with a reference id."""


def page_score(data: bytes) -> float:
    """How much the bytes look like a cable page at all (0.5 with table and <pre>, else 0)."""
    head = data[:400_000]
    return 0.5 if CABLE_TABLE.search(head) and b"<pre" in head else 0.0


def release_year(data: bytes) -> int | None:
    m = RELEASE_YEAR.search(data[:400_000])
    return int(m.group(1)) if m else None


def parse_page(item: Input, fmt: SourceFormat) -> RawCable:
    tree = LexborHTMLParser(decode(item.data))
    cells = tree.css("table.cable td")
    if len(cells) < 5:
        raise NoCableTable(f"{item.name or 'page'}: no cable metadata table")
    ref_id, created, released, classification, origin = (_text(c) for c in cells[:5])
    pres = [p.text(deep=True) for p in tree.css("pre")]
    header, body = (pres[0], pres[1]) if len(pres) >= 2 else (None, pres[0] if pres else "")
    return RawCable(
        format=fmt, reference_id=ref_id or None, created=parse_table_date(created),
        released=parse_table_date(released), classification=classification or None,
        classification_note=_title_note(cells[3], classification), origin=origin or None,
        subject=_subject(tree), header=header, body=body,
    )


def _text(node: LexborNode) -> str:
    return re.sub(r"\s+", " ", node.text(deep=True)).strip()


def _title_note(cell: LexborNode, shown: str) -> str | None:
    link = cell.css_first("a")
    title = (link.attributes.get("title") or "") if link is not None else ""
    if title and title.strip().upper() != shown.upper():
        return f"classification link title says {title.strip()!r}, the table shows {shown!r}"
    return None


def _subject(tree: LexborHTMLParser) -> str | None:
    for h3 in tree.css("h3"):
        m = _VIEWING.search(h3.text(deep=True))
        if m:
            return m.group(1).strip() or None
    return None
