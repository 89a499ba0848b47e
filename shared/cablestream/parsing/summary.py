"""SUMMARY ... END SUMMARY and COMMENT ... END COMMENT, or a paragraph that opens with the word."""

from __future__ import annotations

import re

from cablestream.parsing.clean import unwrap
from cablestream.parsing.preamble import MARKING
from cablestream.record import Paragraph

_NOISE = re.compile(r"(?m)^[ \t]*[-=_*]{3,}[ \t]*$|^[ \t]*¶?[ \t]*\d{1,3}\.(?=\s)|" + MARKING.pattern, re.IGNORECASE)


def _delimited(word: str) -> re.Pattern[str]:
    # ``SUMMARY: ... END SUMMARY.``, ``BEGIN SUMMARY ... END SUMMARY``, ``(COMMENT: ... END COMMENT)``
    return re.compile(
        rf"(?<![A-Za-z])(?:BEGIN\s+)?{word}\b\s*[:.\-]?(?P<text>.*?)\bEND\s+(?:OF\s+)?{word}\b",
        re.IGNORECASE | re.DOTALL,
    )


_SUMMARY = _delimited("SUMMARY")
_COMMENT = _delimited("COMMENT")
_OPENS = {word: re.compile(rf"^(?:BEGIN\s+)?{word}\s*[:.\-]\s*(.*)$", re.IGNORECASE | re.DOTALL)
          for word in ("SUMMARY", "COMMENT")}


def _tidy(text: str) -> str | None:
    flat = unwrap(_NOISE.sub(" ", text)).strip(" .:-")
    return flat or None


def find_summary(body: str, paragraphs: list[Paragraph]) -> str | None:
    for m in _SUMMARY.finditer(body):
        if _before_end(m.group("text"), "SUMMARY") and (text := _tidy(m.group("text"))):
            return text
    return _opening_paragraph("SUMMARY", paragraphs)


def find_comment(body: str, paragraphs: list[Paragraph]) -> str | None:
    """All delimited comments of the body, in order, one per line; else a paragraph opening with COMMENT."""
    found = [t for m in _COMMENT.finditer(body) if (t := _tidy(m.group("text")))]
    return "\n".join(found) if found else _opening_paragraph("COMMENT", paragraphs)


def _before_end(text: str, word: str) -> bool:
    """Guards against spanning from an unrelated mention to a later END marker."""
    return len(text) < 20000 and not re.search(rf"\bEND\s+{word}\b", text, re.IGNORECASE)


def _opening_paragraph(word: str, paragraphs: list[Paragraph]) -> str | None:
    for para in paragraphs:
        m = _OPENS[word].match(para.text)
        if m and m.group(1).strip():
            return _tidy(m.group(1))
        if para.heading and para.heading.strip(" :.").upper() == word:
            return _tidy(para.text)
    return None
