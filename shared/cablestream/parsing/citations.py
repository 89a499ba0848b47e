"""Citations in a REF item (``08 ASTANA 2445``, ``BRASILA 931``, ``09DHAHRAN 201``, ``STATE 41252 AND 44603``)
resolved to the ids the archive uses, each saying how it was resolved.

A citation without a year takes the citing cable's year, unless the archive shows that serial could not have
been sent yet: a serial at or above the citing cable's own (same post), or above a serial the post is known
to have sent after the citing month.  Serials run up through a year, so either means the year before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablestream.parsing.archive import archive
from cablestream.parsing.posts import resolve_post
from cablestream.record import ReferenceDetail, Resolution

# year (optional; glued or dashed: ``09DHAHRAN``, ``10-OTTAWA-57``), origin (up to four words, any case:
# ``khartoum 00378``), serial, and the serials that continue it (``2799 AND 2764``)
_WORD = r"[A-Za-z]*(?:'[A-Za-z]+)?"  # ``N'DJAMENA``
_CITE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<year>(?:19|20)\d\d|\d\d)(?:[ \t]*-[ \t]*|[ \t]+|(?=[A-Z])))?"
    r"(?P<origin>(?:[A-Za-z]|0(?=[A-Z]{3}))" + _WORD + r"(?:[ \t]+[A-Za-z]" + _WORD + r"){0,3}?)"
    r"[ \t]*:?(?:[ \t]*-[ \t]*|[ \t]*)"
    r"0*(?P<serial>\d{1,6})(?!\d|\.\d|/\d{1,2}\b|[A-Za-z])(?!(?<=[ \t]\d\d)[ \t]+[A-Z][A-Za-z]*[ \t]+\d)"
    r"(?:[ \t]*\((?P<late_year>\d\d)\)(?![ \t]*\d))?"  # ``BRASILIA 709 (08)``: the year after the serial
    r"(?P<more>(?:[ \t]*(?:,|;|&|\band\b|\bAND\b)[ \t]*0*\d{1,6}\b(?![ \t]*[A-Za-z]{3})|/\d{3,6}\b)*)"
)
_MORE = re.compile(r"\d+")
_PADDED = re.compile(r"\b0{4,}[1-9]")  # ``MADRID 00001003``: a page-break line's serial, not a citation
_BARE = re.compile(r"^\(?0*(\d{1,6})\)?$")  # an item that is only a serial continues the item before it


@dataclass(frozen=True, slots=True)
class Citing:
    """What year inference knows of the citing cable."""

    year: str | None  # two digits
    month: int = 0  # 1-12, 0 unknown
    post: str | None = None
    serial: int | None = None


def resolve_item(raw: str, label: str | None, citing: Citing, last: ReferenceDetail | None) -> list[ReferenceDetail]:
    """Every citation of one REF item; one ``unresolved`` detail when the item cites nothing that resolves."""
    found: list[ReferenceDetail] = []
    for m in _CITE.finditer(raw):
        head = _origin(m.group("origin"), citing)
        if head is None or _PADDED.search(m.group(0)):
            continue
        post, how = head
        serials = [m.group("serial"), *_MORE.findall(m.group("more") or "")]
        for serial in serials:
            ref_id, kind = _with_year(m.group("year") or m.group("late_year"), post, int(serial), how, citing)
            if ref_id and all(d.id != ref_id for d in found):
                found.append(ReferenceDetail(id=ref_id, label=label, raw=raw, resolution=kind, span=m.group(0)))
    if not found and last is not None and last.id and (bare := _BARE.match(raw.strip())):
        return [_continue(last, int(bare.group(1)), label, raw)]
    return found or [ReferenceDetail(id=None, label=label, raw=raw, resolution="unresolved", span=raw or None)]


# Older cables cite by kind: the Department's telegram, or the citing post's own
_OWN_POST = frozenset({"EMBTEL", "EMBTELS", "OURTEL", "OURTELS", "MYTEL", "MYTELS", "CONTEL", "CONTELS"})
_DEPARTMENT = frozenset({"DEPTEL", "DEPTELS"})


def _origin(written: str, citing: Citing) -> tuple[str, Resolution] | None:
    """The post of the longest tail of the words that resolves exactly, else of the longest that is corrected.

    The origin group may begin with words that are not the post (``REFTEL STATE 123``, ``EMBASSY LONDON 5``).
    """
    words = written.split()
    last = words[-1].upper()
    if last in _DEPARTMENT or (last in _OWN_POST and citing.post):
        return ("STATE" if last in _DEPARTMENT else citing.post or ""), "corrected"
    tails = [" ".join(words[k:]) for k in range(len(words))]
    hits = [hit for t in tails if (hit := resolve_post(t))]
    exact = [h for h in hits if h[1] == "exact"]
    return (exact or hits)[0] if hits else None


def _with_year(year: str | None, post: str, serial: int, how: Resolution,
               citing: Citing) -> tuple[str | None, Resolution]:
    if year is not None:
        return f"{year[-2:]}{post}{serial}", how
    if citing.year is None:
        return None, "unresolved"
    yy = citing.year
    if _not_sent_yet(yy, post, serial, citing):
        yy = f"{(int(yy) - 1) % 100:02d}"
    return f"{yy}{post}{serial}", "corrected" if how == "corrected" else "year_inferred"


def _not_sent_yet(yy: str, post: str, serial: int, citing: Citing) -> bool:
    if post == citing.post and citing.serial is not None:
        return serial >= citing.serial
    bound = archive().sent_after(yy, post, citing.month) if citing.month else None
    return bound is not None and serial > bound


def _continue(last: ReferenceDetail, serial: int, label: str | None, raw: str) -> ReferenceDetail:
    """``(A) STATE 123 (B) 456``: the serial takes the post and year of the citation before it."""
    assert last.id is not None
    stem = re.sub(r"\d+$", "", last.id)
    return ReferenceDetail(id=f"{stem}{serial}", label=label, raw=raw, resolution=last.resolution, span=raw.strip())
