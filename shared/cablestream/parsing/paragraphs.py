"""Numbered paragraphs with their marking and the section heading above them; signers."""

from __future__ import annotations

import re

from cablestream.parsing.classification import OPENING, caveat_of_line
from cablestream.parsing.clean import unwrap
from cablestream.parsing.preamble import MARKING, PARAGRAPH_START
from cablestream.record import Paragraph

_LEADING_MARKING = re.compile(r"^[ \t]*(" + MARKING.pattern + r")[ \t]*", re.IGNORECASE)
_HEADING = re.compile(r"^[ \t]*[A-Z0-9][A-Z0-9 ,.'&/:()-]{2,80}$")
_RULE = re.compile(r"^[ \t]*[-=_*]{3,}[ \t]*$")
_SIGNER_LINE = re.compile(r"^[ \t]*([A-Z][A-Za-z'-]+(?:[ \t]*[/,][ \t]*[A-Z][A-Za-z'-]+)*)[ \t.]*$")
_NOT_SIGNERS = {"BT", "NNNN", "SIPDIS", "NOFORN", "END", "UNQUOTE", "QUOTE", "CONFIDENTIAL", "SECRET",
                "UNCLASSIFIED", "UNCLAS", "NOTE", "COMMENT", "SUMMARY", "TEXT", "SENSITIVE", "CORRECTED COPY"}


def split_paragraphs(body: str) -> list[Paragraph]:
    """Every numbered paragraph; a heading line standing alone before one becomes its heading."""
    lines = body.split("\n")
    paras: list[Paragraph] = []
    current: list[str] | None = None
    number, heading = 0, None
    pending: list[str] = []
    for i, line in enumerate(lines):
        m = PARAGRAPH_START.match(line)
        if m:
            if current is not None:
                paras.append(_paragraph(number, heading, current))
            heading = " ".join(pending) or None
            number, current, pending = int(m.group(1)), [line[m.end():]], []
        elif _is_heading(lines, i):
            pending.append(line.strip(" -"))
        elif current is not None and not _RULE.match(line):
            current.append(line)
    if current is not None:
        paras.append(_paragraph(number, heading, current))
    return paras


def _is_heading(lines: list[str], i: int) -> bool:
    """An upper-case line with a blank line (or a rule) above and below it."""
    above = lines[i - 1] if i else ""
    below = lines[i + 1] if i + 1 < len(lines) else ""
    if not _blank_or_rule(above) or not (_blank_or_rule(below) or PARAGRAPH_START.match(below)):
        return False  # the cheap test first: most lines sit inside a block of text
    line = lines[i].strip()
    if not line or not _HEADING.match(line) or line != line.upper() or not any(c.isalpha() for c in line):
        return False
    return not (":" in line or OPENING.match(line) or caveat_of_line(line))


def _blank_or_rule(line: str) -> bool:
    return not line.strip() or bool(_RULE.match(line))


def _paragraph(number: int, heading: str | None, lines: list[str]) -> Paragraph:
    text = "\n".join(lines).strip()
    marking = None
    if m := _LEADING_MARKING.match(text):
        marking, text = m.group(1)[1:-1].upper(), text[m.end():]
    return Paragraph(number=number, marking=marking, heading=heading, text=unwrap(text))


def signers_of(body: str) -> list[str]:
    """Surnames on the last line of the body (``HOAGLAND``, ``RICE/SMITH``)."""
    for line in reversed(body.split("\n")):
        if not line.strip():
            continue
        m = _SIGNER_LINE.match(line)
        if not m or line.strip().upper() in _NOT_SIGNERS or len(line.strip()) > 40:
            return []
        names = [n.strip().upper() for n in re.split(r"[/,]", m.group(1)) if n.strip()]
        return [n for n in names if not set(n) <= {"X"} and n not in _NOT_SIGNERS]
    return []
