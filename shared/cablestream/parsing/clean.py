"""Cleaning a body: line ends, page-break lines, stray pilcrows, wrapped lines."""

from __future__ import annotations

import re

from cablestream.parsing.archive import archive

# ``ASTANA 00000497  002 OF 002``: repeated at the top of every page after the first; ``PRETORIA 00000954
# 001.2 OF 004``: the page of a section (section 1, page 2 of 4).  The 2010 viewer runs it onto the end of a
# text line (``REF: (B) BRASILIA 1159 BRASILIA 00000028 001.4 OF 003``, ``... NELSON JOBIM TO WASHINGTON
# BRASILIA 00000351 001.2 OF 003``): the post is then the last words that name a post, the serial padded.
_PAGE_TAIL = re.compile(r"[ \t]+(\d{3,})[ \t]+\d{2,3}(?:\.\d)?[ \t]+OF[ \t]+\d{2,3}[ \t]*$")
_CAPS_WORD = re.compile(r"[A-Z][A-Z.'-]*")
_POST_WORDS = 4  # HO CHI MINH CITY
# ``PAGE 02 ROME 01196 01 OF 02 082030Z``: the older page header, sometimes run into the next line.
# What every page-break line ends with (after a blank): found in one scan, so the full pattern runs on those
# lines only.  It opens with the literal ``OF`` so that ``re`` can skip ahead to it.
_PAGE_BREAK_END = re.compile(r"OF[ \t]+\d{2,3}[ \t]*$", re.MULTILINE)
_OLD_PAGE = re.compile(
    r"^[ \t]*PAGE[ \t]+\d+[ \t]+[A-Z][A-Z .'-]*[ \t]+\d+[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+\d{6}Z?[ \t]*", re.MULTILINE)
# A pilcrow is a paragraph mark only at the start of a line before a paragraph number (not a year).
_PARAGRAPH_NUMBER = re.compile(r"(?:[1-9]\d?|1\d\d)\.")
_BLANK_RUNS = re.compile(r"\n{3,}")
_SOFT_HYPHEN = re.compile(r"(?<=[A-Za-z])-\n(?=[a-z])")


def normalize(text: str) -> str:
    """Unix line ends, no NULs, no trailing blanks on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return "\n".join([line.rstrip() for line in text.split("\n")])


def clean_body(text: str) -> str:
    """The body as published minus page furniture; blank-line runs squeezed to one blank line."""
    text = normalize(text)
    if " OF " in text:  # the cheap test spares most bodies two regex passes
        text = _drop_page_breaks(text)
        if "PAGE" in text:
            text = _OLD_PAGE.sub("", text)
    if "¶" in text:
        text = _keep_real_pilcrows(text)
    if "\n\n\n" in text:  # ``in`` is far cheaper than the regex scan that finds nothing
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


def _drop_page_breaks(text: str) -> str:
    """``_PAGE_BREAK.sub("", text)``, with the pattern tried only on lines that end like a page break."""
    kept: list[str] = []
    pos = 0
    for end in _PAGE_BREAK_END.finditer(text):
        if text[end.start() - 1: end.start()] not in (" ", "\t"):
            continue
        start = text.rfind("\n", 0, end.start()) + 1
        if start < pos:  # inside a line already removed
            continue
        cut = _page_break_at(text[start:end.end()])
        if cut == 0:  # the whole line, and its line end
            kept.append(text[pos:start])
            pos = min(end.end() + 1, len(text))
        elif cut is not None:
            kept.append(text[pos:start + cut].rstrip(" \t"))
            pos = end.end()
    if not kept:
        return text
    kept.append(text[pos:])
    return "".join(kept)


def _page_break_at(line: str) -> int | None:
    """Where the page-break text of this line starts (0: the line is one), or None."""
    m = _PAGE_TAIL.search(line)
    if m is None:
        return None
    words = list(re.finditer(r"\S+", line[: m.start()]))
    if not words or not _CAPS_WORD.fullmatch(words[-1].group()):
        return None
    post = 1
    for k in range(min(_POST_WORDS, len(words)), 0, -1):
        tail = [w.group() for w in words[-k:]]
        if all(_CAPS_WORD.fullmatch(w) for w in tail) and archive().known_post("".join(tail).replace(".", "")):
            post = k
            break
    else:
        if len(words) <= 3 and all(_CAPS_WORD.fullmatch(w.group()) for w in words):
            post = len(words)  # an unknown post, alone on its line
    if post < len(words) and len(m.group(1)) != 8:
        return None  # run onto a text line: only with the serial padded to eight digits
    return 0 if post == len(words) else words[-post].start()


def _keep_real_pilcrows(text: str) -> str:
    """Drop every pilcrow but those opening a line (after blanks) before a paragraph number.

    Walks the pieces between pilcrows: a multi-line regex tried at every position of the body cost
    three times as much.
    """
    parts = text.split("¶")
    out = [parts[0]]
    for k in range(len(parts) - 1):
        before = parts[k]
        line_start = before.rfind("\n")
        at_line_start = (line_start != -1 or k == 0) and not before[line_start + 1:].strip(" \t")
        if at_line_start and _PARAGRAPH_NUMBER.match(parts[k + 1]):
            out.append("¶")
        out.append(parts[k + 1])
    return "".join(out)


def unwrap(text: str) -> str:
    """Join wrapped lines into one line of single spaces (``JURIS-\ndiction`` keeps its hyphen, loses the break)."""
    if "-\n" in text:
        text = _SOFT_HYPHEN.sub("-", text)
    return " ".join(text.split())
