"""Cleaning a body: line ends, page-break lines, stray pilcrows, wrapped lines."""

from __future__ import annotations

import re

# ``ASTANA 00000497  002 OF 002``: repeated at the top of every page after the first.
_PAGE_BREAK = re.compile(r"^[ \t]*[A-Z][A-Z .'-]*[ \t]+\d{3,}[ \t]+\d{2,3}[ \t]+OF[ \t]+\d{2,3}[ \t]*$\n?",
                         re.MULTILINE)
# ``PAGE 02 ROME 01196 01 OF 02 082030Z``: the older page header, sometimes run into the next line.
_OLD_PAGE = re.compile(
    r"^[ \t]*PAGE[ \t]+\d+[ \t]+[A-Z][A-Z .'-]*[ \t]+\d+[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+\d{6}Z?[ \t]*", re.MULTILINE)
# A pilcrow is a paragraph mark only at the start of a line before a paragraph number (not a year).
_REAL_PILCROW = re.compile(r"^([ \t]*)¶(?=(?:[1-9]\d?|1\d\d)\.)", re.MULTILINE)
_KEEP = "\x01"
_BLANK_RUNS = re.compile(r"\n{3,}")
_SOFT_HYPHEN = re.compile(r"(?<=[A-Za-z])-\n(?=[a-z])")


def normalize(text: str) -> str:
    """Unix line ends, no NULs, no trailing blanks on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def clean_body(text: str) -> str:
    """The body as published minus page furniture; blank-line runs squeezed to one blank line."""
    text = normalize(text)
    if " OF " in text:  # the cheap test spares most bodies two regex passes
        text = _PAGE_BREAK.sub("", text)
        if "PAGE" in text:
            text = _OLD_PAGE.sub("", text)
    if "¶" in text:
        text = _REAL_PILCROW.sub(r"\1" + _KEEP, text).replace("¶", "").replace(_KEEP, "¶")
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def unwrap(text: str) -> str:
    """Join wrapped lines into one line of single spaces (``JURIS-\ndiction`` keeps its hyphen, loses the break)."""
    if "-\n" in text:
        text = _SOFT_HYPHEN.sub("-", text)
    return " ".join(text.split())
