"""Numbered paragraphs with their marking and the section heading above them."""

from __future__ import annotations

import re

from cablestream.parsing.classification import OPENING, caveat_of_line
from cablestream.parsing.clean import unwrap
from cablestream.parsing.preamble import MARKING, PARAGRAPH_START
from cablestream.record import Paragraph

_LEADING_MARKING = re.compile(r"^[ \t]*(" + MARKING.pattern + r")[ \t]*", re.IGNORECASE)
_HEADING = re.compile(r"^[ \t]*[A-Z0-9][A-Z0-9 ,.'&/:()-]{2,80}$")
_RULE = re.compile(r"^[ \t]*[-=_*]{3,}[ \t]*$")


def split_paragraphs(body: str) -> list[Paragraph]:
    """Every numbered paragraph; a heading line standing alone before one becomes its heading."""
    lines = body.split("\n")
    # One look at each line up front (bodies run to thousands of lines): blank, rule, paragraph start.
    starts = [PARAGRAPH_START.match(line) for line in lines]
    stripped = [line.strip() for line in lines]
    rules = [bool(s) and s[0] in "-=_*" and bool(_RULE.match(line)) for line, s in zip(lines, stripped, strict=True)]
    blank = [not s or rule for s, rule in zip(stripped, rules, strict=True)]
    paras: list[Paragraph] = []
    current: list[str] | None = None
    number, heading = 0, None
    pending: list[str] = []
    last = len(lines) - 1
    for i, line in enumerate(lines):
        m = starts[i]
        if m:
            if current is not None:
                paras.append(_paragraph(number, heading, current))
            heading = " ".join(pending) or None
            number, current, pending = int(m.group(1)), [line[m.end():]], []
        elif (i == 0 or blank[i - 1]) and (i == last or blank[i + 1] or starts[i + 1]) and _is_heading(line):
            pending.append(line.strip(" -"))
        elif current is not None and not rules[i]:
            current.append(line)
    if current is not None:
        paras.append(_paragraph(number, heading, current))
    return paras


def _is_heading(line: str) -> bool:
    """An upper-case line (the caller checked the blank line, or rule, above and below it)."""
    line = line.strip()
    if not line or not _HEADING.match(line) or line != line.upper() or not any(c.isalpha() for c in line):
        return False
    return not (":" in line or OPENING.match(line) or caveat_of_line(line))


def _paragraph(number: int, heading: str | None, lines: list[str]) -> Paragraph:
    text = "\n".join(lines).strip()
    marking = None
    if m := _LEADING_MARKING.match(text):
        marking, text = m.group(1)[1:-1].upper(), text[m.end():]
    return Paragraph(number=number, marking=marking, heading=heading, text=unwrap(text))
