"""What the 2010 viewer and the 2011 final-release pages share: the metadata table and two ``<pre>`` blocks."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cablestream.parsing.base import Input, ParseError
from cablestream.parsing.dates import parse_table_date
from cablestream.parsing.formats.common import decode
from cablestream.parsing.formats.limits import cable_bytes
from cablestream.parsing.formats.nesting import check_nesting
from cablestream.parsing.raw import RawCable
from cablestream.record import SourceFormat

CABLE_TABLE = re.compile(rb"<table[^>]*class=['\"]cable['\"]", re.IGNORECASE)
# The same, case-sensitive: a literal prefix lets ``re`` skip ahead; the IGNORECASE scan is the fallback.
_CABLE_TABLE_FAST = re.compile(rb"<table[^>]*class=['\"]cable['\"]")
RELEASE_YEAR = re.compile(rb"/reldate/(\d{4})-")
_TABLE_STR = re.compile(r"<table[^>]*class=['\"]cable['\"]", re.IGNORECASE)
_PRE = re.compile(r"<pre", re.IGNORECASE)
# The viewer left ampersands of the cable text unescaped (``Hollingsworth &pounding on the table``): a parser
# reads ``&pound`` as a legacy entity (``£ing``).  An ampersand before letters that no ``;`` closes is text.
_BARE_AMPERSAND = re.compile(r"&(?=[A-Za-z])(?![A-Za-z][A-Za-z0-9]{0,31};)")
_VIEWING = re.compile(r"Viewing cable\s+\S+?,\s*(.+)$", re.DOTALL)


class NoCableTable(ParseError):
    """The page has no metadata table with a reference id."""


def page_score(data: bytes) -> float:
    """How much the bytes look like a cable page at all (0.5 with table and <pre>, else 0)."""
    head = data[:400_000]
    table = _table_at(head)
    if table == -1:
        return 0.0
    return 0.5 if head.find(b"<pre", table) != -1 or b"<pre" in head[:table] else 0.0


def _table_at(head: bytes) -> int:
    """Where the cable table starts, or -1.  Plain ``find`` first: the regex scan of a whole page is slow."""
    for needle in (b"class='cable'", b'class="cable"'):
        found = head.find(needle)
        table = head.rfind(b"<table", 0, found) if found != -1 else -1
        if table != -1 and _CABLE_TABLE_FAST.match(head, table):
            return table
    if b"<pre" not in head:  # no score without it: spares texts and archives the case-blind scan
        return -1
    m = CABLE_TABLE.search(head)
    return m.start() if m else -1


def release_year(data: bytes) -> int | None:
    m = RELEASE_YEAR.search(data[:400_000])
    return int(m.group(1)) if m else None


def parse_page(item: Input, fmt: SourceFormat) -> RawCable:
    text = decode(cable_bytes(item))
    if "&" in text:
        text = _BARE_AMPERSAND.sub("&amp;", text)
    tree = _tree(_cable_region(text), item.name)
    cells = tree.css("table.cable td")
    if len(cells) < 5 or not tree.css_first("pre"):
        tree = _tree(text, item.name)  # the region guess failed: parse the whole page
        cells = tree.css("table.cable td")
    if len(cells) < 5:
        raise NoCableTable(f"{item.name or 'page'}: no cable metadata table")
    ref_id, created, released, classification, origin = (_text(c) for c in cells[:5])
    # Header and body are the first two blocks.  Reading the text of every <pre> cost the square of a page
    # of nested unclosed <pre> tags (each one's text holds all those inside it): minutes for 1 MB.
    pres = [p.text(deep=True) for p in tree.css("pre")[:2]]
    header, body = (pres[0], pres[1]) if len(pres) >= 2 else (None, pres[0] if pres else "")
    return RawCable(
        format=fmt, reference_id=ref_id or None, created=parse_table_date(created),
        released=parse_table_date(released), classification=classification or None,
        classification_note=_title_note(cells[3], classification), origin=origin or None,
        subject=_subject(tree), header=header, body=body,
    )


def _tree(page: str, name: str | None) -> LexborHTMLParser:
    check_nesting(page, name)  # the tree builder's time grows with tags times depth
    return LexborHTMLParser(page)


def _cable_region(page: str) -> str:
    """From the ``Viewing cable`` heading to the end: about a third of a page, the navigation above it skipped.

    Parsing the whole page costs more than everything else the parser does; what we read (the heading,
    the table, the ``<pre>`` blocks) sits at its end.  The whole page when the layout is not the usual one.
    """
    table = _table_in(page)
    start = page.rfind("<h3", 0, table) if table != -1 else -1
    if start == -1 or "Viewing cable" not in page[start:table] or _PRE.search(page, 0, start):
        return page
    return page[start:]


def _table_in(page: str) -> int:
    for needle in ("class='cable'", 'class="cable"'):
        found = page.find(needle)
        table = page.rfind("<table", 0, found) if found != -1 else -1
        if table != -1 and _TABLE_STR.match(page, table):
            return table
    return -1


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
