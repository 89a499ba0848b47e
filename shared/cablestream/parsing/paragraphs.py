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
_NAME = re.compile(r"[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+)?")
_SUFFIX = re.compile(r"\s+(?:JR|SR|II|III|IV)\.?$", re.IGNORECASE)
_END_TEXT = re.compile(r"^END (?:OF )?(?:CABLE )?TEXT\.?\s*", re.IGNORECASE)
_TRAILER = re.compile(r"NNNN|BT|#|>|\.\.\.|END (?:OF )?(?:CABLE )?TEXT|(?:UN)?CLASSIFIED|CONFIDENTIAL|SECRET|"
                      r"(?:PLEASE )?VISIT .*|.*CLASSIFIED WEBSITE.*|.*HTTP\S*|NOFORN|SIPDIS", re.IGNORECASE)
_NOT_SIGNERS = {"BT", "NNNN", "SIPDIS", "NOFORN", "END", "UNQUOTE", "QUOTE", "CONFIDENTIAL", "SECRET",
                "UNCLASSIFIED", "UNCLAS", "NOTE", "COMMENT", "SUMMARY", "TEXT", "SENSITIVE", "CORRECTED COPY"}


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


def signers_of(body: str) -> list[str]:
    """Surnames on the last line of the body (``HOAGLAND``, ``RICE/SMITH``); trailers such as NNNN skipped."""
    for line in reversed(body.split("\n")):
        flat = line.strip().rstrip(".")
        if not flat or _TRAILER.fullmatch(flat):
            continue
        flat = _END_TEXT.sub("", flat)
        if len(flat) > 40 or flat.upper() in _NOT_SIGNERS:
            return []
        if flat.islower() and " " in flat:  # a sentence ending the text, not a signature
            return []
        names = [_SUFFIX.sub("", n).strip().upper() for n in re.split(r"[/,]", flat) if n.strip()]
        if not names or not all(_NAME.fullmatch(n) for n in names):
            return []
        return list(dict.fromkeys(_dedouble(n) for n in names if set(n) != {"X"} and n not in _NOT_SIGNERS))
    return []


def _dedouble(name: str) -> str:
    """``KUBISKE KUBISKE`` (a signature typed twice) is one surname."""
    words = name.split()
    return words[0] if len(words) == 2 and words[0] == words[1] else name
