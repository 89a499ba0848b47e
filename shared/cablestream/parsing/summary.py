"""SUMMARY ... END SUMMARY and COMMENT ... END COMMENT, or a paragraph that opens with the word."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablestream.parsing.clean import unwrap
from cablestream.parsing.preamble import MARKING, PARAGRAPH_START
from cablestream.record import Paragraph

_NOISE = re.compile(r"(?m)^[ \t]*[-=_*]{3,}[ \t]*$|^[ \t]*¶?[ \t]*\d{1,3}\.(?=\s)|" + MARKING.pattern, re.IGNORECASE)
_END = {word: re.compile(rf"\bEND\s+(?:OF\s+)?{word}\b") for word in ("SUMMARY", "COMMENT")}
# ``Summary and Comment:``, ``Summary and Action Request.``, ``Summary/Introduction.``: the rest of the heading,
# never part of the text (taken only when a colon, stop, dash or the line's end closes it)
_HEADING_TAIL = (r"(?:\s*(?:\s(?:AND|&)\s|/)\s*(?:COMMENTS?|ACTION\s+REQUESTS?|INTRODUCTION|BACKGROUND|"
                 r"RECOMMENDATIONS?|KEY\s+THEMES|TABLE\s+OF\s+CONTENTS|CONCLUSIONS?|ANALYSIS|OVERVIEW))?")
_LEAD = re.compile(r"\A(?:" + _HEADING_TAIL + r"[ \t]*(?:[:.\-]|\n)|\s*[:.\-]?)", re.IGNORECASE)
_MAX_SPAN = 20000  # an END marker further than this belongs to something else
_HEADING_HEAD = r"(?:(?:INTRODUCTION|BACKGROUND|OVERVIEW)\s+(?:AND|&)\s+)?"  # ``Introduction and summary:``
_OPENS = {word: re.compile(rf"^(?:BEGIN\s+)?{_HEADING_HEAD}{word}{_HEADING_TAIL}\s*[:.\-]\s*(.*)$",
                           re.IGNORECASE | re.DOTALL) for word in ("SUMMARY", "COMMENT")}


def delimited(body: str, word: str, upper: str | None = None) -> Iterator[str]:
    """Texts between ``WORD`` and ``END WORD`` (any case), found with plain string search: bodies are long.

    ``upper`` is ``body.upper()`` when the caller has it already.
    """
    upper = body.upper() if upper is None else upper
    start = upper.find(word)
    while start != -1:
        before = upper[max(0, start - 4): start]
        if (start == 0 or not upper[start - 1].isalpha()) and not before.rstrip().endswith("END"):
            end = _END[word].search(upper, start + len(word), start + _MAX_SPAN)
            if end is None:
                return
            inner = body[start + len(word): end.start()]
            later = inner.upper().rfind(word + ":")  # an earlier mention of the word is not the start
            inner = inner[later + len(word) + 1:] if later != -1 else inner
            yield inner[_LEAD.match(inner).end():]  # type: ignore[union-attr]
            start = upper.find(word, end.end())
        else:
            start = upper.find(word, start + len(word))


def _tidy(text: str) -> str | None:
    flat = unwrap(_NOISE.sub(" ", text)).strip(" .:-")
    return flat or None


# A heading line of its own, in any case, between rules (``Summary`` / ``-------``, ``- - - -``)
_HEADING_LINE = re.compile(r"^[ \t]*" + _HEADING_HEAD + "SUMMARY" + _HEADING_TAIL + r"[ \t]*[:.]?[ \t]*\n"
                           r"(?:[ \t]*[-=_][-=_ ]{2,}\n)?", re.IGNORECASE | re.MULTILINE)
_PARAGRAPH_LINE = re.compile(PARAGRAPH_START.pattern, re.MULTILINE)
# the heading typed twice (``1. (C) Summary. 1. (C) Summary. The ...``, ``(S//NF) Summary`` over ``SUMMARY.``)
_REPEATED = re.compile(r"\A(?:SUMMARY" + _HEADING_TAIL + r"\s*[:.\-]\s*)+", re.IGNORECASE)


def find_summary(body: str, paragraphs: list[Paragraph], upper: str | None = None) -> str | None:
    for inner in delimited(body, "SUMMARY", upper):
        if text := _tidy(inner):
            return _REPEATED.sub("", text) or None
    found = (_opening_paragraph("SUMMARY", paragraphs) or _under_heading(body, paragraphs)
             or _up_to_end_marker(paragraphs))
    return (_REPEATED.sub("", found) or None) if found else None


def _under_heading(body: str, paragraphs: list[Paragraph]) -> str | None:
    """The paragraph under a ``Summary`` heading line the paragraph splitter did not take as a heading."""
    m = _HEADING_LINE.search(body)
    if m is None:
        return None
    nxt = _PARAGRAPH_LINE.search(body, m.end())
    if nxt is None or body[m.end(): nxt.start()].strip():
        return None
    number = int(nxt.group(1))
    return next((_tidy(p.text) for p in paragraphs if p.number == number), None)


def _up_to_end_marker(paragraphs: list[Paragraph]) -> str | None:
    """``... End summary.`` closing a summary that never opened: the paragraphs from the first up to it."""
    texts: list[str] = []
    for para in paragraphs[:3]:
        end = _END["SUMMARY"].search(para.text.upper())
        if end:
            return _tidy(" ".join([*texts, para.text[: end.start()]]))
        texts.append(para.text)
    return None


def find_comment(body: str, paragraphs: list[Paragraph], upper: str | None = None) -> str | None:
    """All delimited comments of the body, in order, one per line; else a paragraph opening with COMMENT."""
    found = [t for inner in delimited(body, "COMMENT", upper) if (t := _tidy(inner))]
    return "\n".join(found) if found else _opening_paragraph("COMMENT", paragraphs)


def _opening_paragraph(word: str, paragraphs: list[Paragraph]) -> str | None:
    for para in paragraphs:
        m = _OPENS[word].match(para.text)
        if m and m.group(1).strip():
            return _tidy(m.group(1))
        if para.heading and re.fullmatch(word + _HEADING_TAIL, para.heading.strip(" :.-"), re.IGNORECASE):
            return _tidy(para.text)
    return None
