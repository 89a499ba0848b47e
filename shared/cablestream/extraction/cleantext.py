"""Build the text the model reads from ``Cable.body`` and map its offsets back to the body.

The model must never see telegram furniture: classification markings ``(SBU)``, paragraph numbers, headings,
``END SUMMARY``-style markers, REF lines, page breaks or the signer line.  Rather than editing the body we keep
the words that survive, joined by single spaces (blank lines between blocks), and remember where each word came
from, so every span the model finds maps back to exact ``body`` offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_MARKING = r"\((?:U|SBU|C|S|TS|LOU|FOUO|NF|CUI|S/NF|C/NF|U/FOUO|SBU/NF)(?:\s*//\s*[A-Z ,/]+)?(?:\s*-\s*ENTIRE TEXT)?\)"
_INLINE = re.compile(
    _MARKING
    + r"|\b(?:END\s+)?(?:SUMMARY|COMMENT|NOTE|INTRODUCTION|BACKGROUND)\s*(?:AND\s+(?:ACTION\s+REQUEST|COMMENT)\s*)?[:.]"
    + r"|\bEND\s+(?:SUMMARY|COMMENT|NOTE|INTRODUCTION|TEXT|QUOTE)\b|\bBEGIN\s+(?:TEXT|QUOTE)\b"
    + r"|\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|SENSITIVE BUT UNCLASSIFIED)\s*-\s*ENTIRE\s+TEXT\b"
    + r"|(?i:X{4,})"
    + r"|https?://\S+"  # a link inside a line of prose (2.7.0: it dropped the line)
    # the post's footer, to the end of its line
    + r"|(?:Please[ \t]+)?[Vv]isit[ \t]+\S+[ \t]+(?:\S+[ \t]+)?Classified Web ?[Ss]ite.*$"
)
# Every match of _INLINE holds one of these (or a run of x): most lines hold none, and these substring tests
# cost a tenth of the alternation tried at every position of the line.
_INLINE_KEYS = (
    "(", "SUMMARY", "COMMENT", "NOTE", "INTRODUCTION", "BACKGROUND", "END", "BEGIN", "ENTIRE", "http", "Classified Web"
)
_XS = re.compile(r"(?i)xxxx")
_PARA_PREFIX = re.compile(r"^\s*(?:¶\s*)?(?:\d{1,3}|[A-Za-z])\s*[.)](?=\s)|^\s*¶\s*\d{1,3}\b|^\s*[-*]{1,3}(?=\s)")
# Preamble fields: the line and its continuation lines (up to the next blank line) are never prose.
_FIELD = re.compile(
    r"^\s*(?:SUBJECT|SUBJ|REF(?:S|TEL|ERENCES?)?|TAGS?|TAGE|TAS|E\.?\s?O\.?\s?\d+|EO\s+\d+|CLASSIFIED\s+BY|DECL|"
    r"(?:STATE\s+)?(?:PLEASE\s+)?PASS(?:\s+TO)?|STATE\s+FOR|FOR\s+[A-Z/]+\s*$|DERIVED\s+FROM|DRAFTED|APPROVED|CLEARED)\b",
    re.IGNORECASE,
)
_COLON = re.compile(r"\s*:")
# A numbered paragraph with its marking ends a field that no blank line closed (``Classified By: ...`` then
# ``1.(C) Summary:`` or ``1, (C) Summary.`` on the next line) (2.7.0).
_MARKED_PARAGRAPH = re.compile(r"^\s*\d{1,3}\s*[.,]\s*\((?:U|SBU|C|S|TS|LOU|FOUO|NF|CUI|S/NF|C/NF|U/FOUO|SBU/NF)\)")
# What follows REF in a field: a colon, a lettered or numbered reference (``REF A. 09 STATE 123``,
# ``REFTEL 08 ASTANA 2445``, ``REF B SECSTATE 76108``), or nothing.
_REF_FIELD = re.compile(r"\s*(?::|[A-H]\s*[.:)]|\(?[A-H]\)|\d|$|[A-H]\s+[^a-z]+$)")


def _is_field(line: str) -> bool:
    """A preamble field's line: its keyword in capitals (``SUBJECT``, ``E.O. 12958``), followed by a colon
    (``Subject:``), or ``Classified by`` in any case.  A prose line that opens with the same word in lower
    case (``approved vice those who disapproved``, ``subject to``) is prose: it once dropped the rest of its
    paragraph (2.7.0)."""
    m = _FIELD.match(line)
    if m is None:
        return False
    keyword = m.group().strip()
    if keyword.upper().startswith("REF"):  # ``REF A points were delivered``: prose that cites a reference
        return _REF_FIELD.match(line, m.end()) is not None
    if keyword.isupper() or keyword.lower().startswith("classified"):
        return True
    return _COLON.match(line, m.end()) is not None


_SKIP_LINE = re.compile(
    r"^\s*(?:SIPDIS|NOFORN|SENSITIVE|FOR\s+OFFICIAL\s+USE\s+ONLY|UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED\s+OFFICIAL"
    r"|(?:[A-Z]\s){4,}[A-Z]\b)|\bSECTION\s+\d+\s+OF\s+\d+\b|^\s*[-=_*]{4,}\s*$"
    r"|^\s*[A-Z]+\s+0*\d+\s+0*\d{3}\s+OF\s+0*\d{3}\s*$|^\s*[¶\d.\s]*$|^\s*https?://\S+\s*$|^\s*https?://\S*(?:sgov|intelink)"
    r"|^\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+\d"
)
_WORD = re.compile(r"\S+")
# ``SIPDIS`` opening a line of prose (``SIPDIS killing. Delyagin joined...``): the marker goes, the prose stays
# (2.7.0: the whole line went).
_LEADING_MARKER = re.compile(r"^\s*(?:SIPDIS|NOFORN)\s+(?=.*[a-z])")


@dataclass(frozen=True, slots=True)
class CleanText:
    """The model's text and, per kept word, its start in the clean text and in the body."""

    text: str
    clean_starts: tuple[int, ...]
    body_starts: tuple[int, ...]
    lengths: tuple[int, ...]
    upper: bool

    def to_body(self, start: int, end: int) -> tuple[int, int]:
        """Body offsets of a clean-text span (start of its first word piece to end of its last)."""
        return self._point(start), self._point(end - 1) + 1

    def _point(self, pos: int) -> int:
        i = max(bisect_right(self.clean_starts, pos) - 1, 0)
        return self.body_starts[i] + min(pos - self.clean_starts[i], self.lengths[i] - 1)


def is_upper(text: str) -> bool:
    """All-caps telegrams (pre-1990 and some later posts) need different heading and casing rules."""
    # map() over str methods stays in C: this runs over every body, and a comprehension cost ~2% of extraction.
    lower = sum(map(str.islower, text))
    upper = sum(map(str.isupper, text))
    return upper + lower > 0 and lower < 0.05 * (upper + lower)


def _is_heading(line: str, upper: bool) -> bool:
    # In mixed-case text an all-caps line is a heading, signer or marker; in all-caps text only short ones are.
    stripped = line.strip()
    # isupper() (in C) settles the all-caps lines, which the generator had to read to their end.
    if not stripped.isupper() and any(ch.islower() for ch in stripped):
        return False
    return not upper or (len(stripped.split()) <= 4 and not stripped.endswith((",", ";")))


_RULE = re.compile(r"^\s*[-=_*]{4,}[-=_* ]*$")
_PARA_START = re.compile(r"^\s*(?:¶|\d{1,3}\s*\.\s)")


def _boundary(line: str | None) -> bool:
    return line is None or not line.strip() or bool(_RULE.match(line))


def _is_title_heading(lines: list[str], i: int) -> bool:
    """A Title Case line standing alone between blank lines or rules (``Timing And GOU Partners``): a section
    heading of a mixed-case cable, whose capitals are emphasis, not names the model should read."""
    stripped = lines[i].strip()
    words = [w for w in stripped.split() if w[:1].isalpha()]
    # A question stands as a heading too (``North Waziristan Location Of Hostages?``, 2.3.0).
    if not words or len(words) > 12 or stripped.endswith((".", ",", ";", ":", "!", ")")):
        return False
    if sum(w[0].isupper() for w in words) < 0.6 * len(words):
        return False
    before = lines[i - 1] if i > 0 else None
    after = lines[i + 1] if i + 1 < len(lines) else None
    if after is not None and _RULE.match(after):
        return True  # underlined: a heading whatever line comes before it (2.3.0)
    return _boundary(before) and (_boundary(after) or bool(after and _PARA_START.match(after)))


def _may_mark(line: str) -> bool:
    return any(key in line for key in _INLINE_KEYS) or _XS.search(line) is not None


def _kept_words(body: str, upper: bool) -> list[tuple[int, int, bool]]:
    """(start, end, starts_block) of every body word the model may read."""
    words: list[tuple[int, int, bool]] = []
    block, in_field = True, False
    offset = 0
    raws = body.splitlines(keepends=True)
    lines = [raw.rstrip("\r\n") for raw in raws]
    for i, raw in enumerate(raws):
        line_start, offset = offset, offset + len(raw)
        text = lines[i]
        if not text.strip():
            block, in_field = True, False
            continue
        prefix = _PARA_PREFIX.match(text)
        # A field runs to the next blank line, field or numbered paragraph (some bodies have no blank lines).
        in_field = _is_field(text) or (in_field and not (
            (prefix and re.search(r"¶\s*\d", prefix.group())) or _MARKED_PARAGRAPH.match(text)
        ))
        marker = None if upper else _LEADING_MARKER.match(text)
        if in_field or (marker is None and _SKIP_LINE.search(text)) or _is_heading(text, upper) or (
            not upper and _is_title_heading(lines, i)
        ):
            block = True
            continue
        begin = marker.end() if marker else (prefix.end() if prefix else 0)
        if prefix:
            block = True
        spans = [w.span() for w in _WORD.finditer(text, begin)]
        if _may_mark(text) and (masks := [m.span() for m in _INLINE.finditer(text)]):
            spans = [(ws, we) for ws, we in spans if not any(s < we and ws < e for s, e in masks)]
        if spans:
            words.append((line_start + spans[0][0], line_start + spans[0][1], block))
            words.extend((line_start + ws, line_start + we, False) for ws, we in spans[1:])
            block = False
    return words


def build(body: str) -> CleanText:
    upper = is_upper(body)
    parts: list[str] = []
    clean_starts: list[int] = []
    body_starts: list[int] = []
    lengths: list[int] = []
    pos = 0
    for start, end, new_block in _kept_words(body, upper):
        if parts:
            sep = "\n\n" if new_block else " "
            parts.append(sep)
            pos += len(sep)
        parts.append(body[start:end])
        clean_starts.append(pos)
        body_starts.append(start)
        lengths.append(end - start)
        pos += end - start
    return CleanText("".join(parts), tuple(clean_starts), tuple(body_starts), tuple(lengths), upper)
