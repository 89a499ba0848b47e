"""The lines between a body's opening and its first paragraph: caveats, pass lines, E.O., TAGS, SUBJECT..."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cablestream.parsing.classification import caveat_of_line
from cablestream.parsing.clean import unwrap
from cablestream.parsing.dates import parse_declassify
from cablestream.parsing.tags import continues_tags

PARAGRAPH_START = re.compile(r"^[ \t]*¶?[ \t]*(\d{1,3})\.(?=\s|\([A-Z]{1,4}[)/])")  # ``1.(C) Summary:`` too
# Keys run into the previous line: ``DECL: 03/20/2019 TAG PTER, PGOV``, ``decl: 01/07/2014 Tags: prel``
# ``SUBJECT: ENERGY INSTALLATIONS REF: BRASILIA 861``, ``... Ref(s): A. ...``: a REF ends the subject
_INLINE_KEY = re.compile(r"(?<=\S)[ \t]+(?=(?i:TAGS|SUBJECT|CLASSIFIED BY|REF(?:S|TELS?|\(S\))?)[ \t]*:"
                         r"|(?:TAGS?|TAGE)[ \t]+[A-Z]{2,5}\b)")
# ``E.O. 12958:``, ``EO 12958``, ``E. O. 11652:``, ``E.0. 12958`` (a zero typed for the O)
_EO = re.compile(r"^[ \t]*E\.?[ \t]?[O0]\.?[ \t]*(\d{4,5})[ \t]*:?[ \t]*(.*)$", re.IGNORECASE)
# E.O. 11652 (1972-1978) states a schedule instead of ``DECL:``: ``E.O. 11652: GDS``, ``XGDS-1``, ``NGDS``
# (E.O. 12065: ``GDS 8/12/85``: the date the schedule gives, as for ``DECL:``)
_SCHEDULE = re.compile(r"^[ \t]*((?:X?GDS|NGDS)(?:[ \t-]*\d(?![\d/]))?)\b", re.IGNORECASE)
_DECL = re.compile(r"\bDECL(?:ASSIFY)?\b[ \t]*(?:ON)?[ \t]*:?[ \t]*(.*)$", re.IGNORECASE)
_TAGS = re.compile(r"^[ \t]*(?:TAGS?|TAGE|TAS|TGS)\b[ \t]*:?[ \t]*(.*)$", re.IGNORECASE)
_SUBJECT = re.compile(r"^[ \t]*SUBJ(?:ECT)?\b[ \t]*:?[ \t]*(.*)$", re.IGNORECASE)
# ``REF:``, ``Reftel:``, ``Ref(s):``, ``PROGRAM REF:`` (a word before REF only with the colon)
_REF = re.compile(r"^[ \t]*(?:REF(?:S|TEL|TELS|ERENCES?|\(S\))?\b|[A-Z]{3,12}[ \t]+REFS?[ \t]*(?=:))"
                  r"[ \t]*:?[ \t]*(.*)$", re.IGNORECASE)
_CLASSIFIED_BY = re.compile(r"^[ \t]*CLASSIFIED[ \t]+BY\b[ \t]*:?[ \t]*(.*)$", re.IGNORECASE)
_PASS = re.compile(r"^[ \t]*[A-Z][A-Z/ .,&-]*\b(?:FOR|PASS)\b", re.MULTILINE)
_REASON_NEXT = re.compile(r"\d\.\d|\([a-h]\)", re.IGNORECASE)
_KEYED = (_EO, _TAGS, _SUBJECT, _REF, _CLASSIFIED_BY)
_ANY_KEY = re.compile("|".join(f"(?:{k.pattern})" for k in _KEYED), re.IGNORECASE)  # one match, not five
_SPACES = re.compile(r"\s+")
_MAX_LINES = 80  # a preamble is a few lines; past these the body has begun
_INLINE_KEYS = 8  # keys split off one line (a real one holds up to four: DECL, TAGS, SUBJECT, REF)
# what no keyed value runs into: a rule, a summary heading, a section's opening line
_BLOCK_END = re.compile(r"^[ \t]*(?:[-=_*][-=_* ]{2,}$|(?:BEGIN[ \t]+)?SUMMARY\b[ \t]*(?:[:.-]|$)|"
                        r"(?:[A-Z][ \t]?){6,}[ \t]+SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+)", re.IGNORECASE)
_CLASSIFICATION_LINE = re.compile(r"(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|TOPSECRET|LIMITEDOFFICIALUSE)(?://?[A-Z]+)*",
                                  re.IGNORECASE)
MARKING = re.compile(
    r"\((?:U|C|S|TS|SBU|LOU|FOUO|CONFIDENTIAL|SECRET|UNCLASSIFIED)(?:[ \t]*/{1,2}[ \t]*"
    r"(?:NF|NOFORN|REL[A-Z ]*|FOUO|SBU|OC|ORCON|LES|PROPIN|SIPDIS))*\)", re.IGNORECASE)


@dataclass
class Preamble:
    caveats: list[str] = field(default_factory=list)
    pass_to: list[str] = field(default_factory=list)
    eo: str | None = None
    declassify_on: str | None = None
    tags_raw: str | None = None
    subject: str | None = None
    ref_lines: list[str] = field(default_factory=list)
    classified_by: str | None = None


def preamble_lines(body: str) -> list[str]:
    """Lines before the first numbered paragraph, keys written inline split onto their own lines."""
    out: list[str] = []
    for line in body.split("\n"):
        if PARAGRAPH_START.match(line) or len(out) > _MAX_LINES:
            break
        upper = line.upper()  # every inline key holds one of these words: most lines need no regex
        if "TAG" in upper or "SUBJECT" in upper or "CLASSIFIED" in upper or "REF" in upper:
            # At most a few keys share a real line; uncapped, one line of a million ``REF:`` became a
            # million lines, and parse_preamble copies the rest of them at each REF (quadratic: hours).
            out.extend(_INLINE_KEY.sub("\n", line, count=_INLINE_KEYS).split("\n"))
        else:
            out.append(line)
    return out


def _block(lines: list[str], start: int, first: str, tags: bool = False) -> tuple[str, int]:
    """A keyed value and its continuation lines (up to a blank line or the next key).

    A classification line left by a page break (``SUBJECT: ... ZIMBABWE`` / ``CONFIDENTIAL`` / ``OPPOSITION
    LEADER``) is skipped; TAGS go on only over lines of codes (a TAGS line must not swallow the subject).
    """
    parts, i = [first], start + 1
    while i < len(lines) and lines[i].strip() and not _ANY_KEY.match(lines[i]):
        if PARAGRAPH_START.match(lines[i]) or _BLOCK_END.match(lines[i]) or (
                tags and not continues_tags(parts[-1], lines[i])):
            break
        if not _CLASSIFICATION_LINE.fullmatch(lines[i].replace(" ", "")):
            parts.append(lines[i])
        i += 1
    return "\n".join(parts), i



def _next_filled(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i - 1  # _block starts after the line it is given


def parse_preamble(lines: list[str]) -> Preamble:
    pre, i, seen_key = Preamble(), 0, False
    while i < len(lines):
        line = lines[i]
        if m := _REF.match(line):
            pre.ref_lines = [m.group(1), *lines[i + 1:]]
            seen_key, i = True, i + 1
            continue
        for key in (_EO, _TAGS, _SUBJECT, _CLASSIFIED_BY):
            if m := key.match(line):
                text, i = _block(lines, i, m.group(m.lastindex or 1), tags=key is _TAGS)
                if key is _CLASSIFIED_BY and _REASON_NEXT.match("\n".join(lines[i:i + 3]).lstrip()):
                    more, i = _block(lines, _next_filled(lines, i), "")  # ``REASON:`` + blank + ``1.4(C).``
                    text += more
                _store(pre, key, m, text)
                seen_key = True
                break
        else:
            _loose_line(pre, line, seen_key)
            i += 1
    return pre


def _store(pre: Preamble, key: re.Pattern[str], m: re.Match[str], text: str) -> None:
    if key is _EO:
        pre.eo = m.group(1)
        decl = _DECL.search(unwrap(text))
        if decl:
            pre.declassify_on = parse_declassify(decl.group(1)) or (decl.group(1).strip(" .") or None)
        elif schedule := _SCHEDULE.match(m.group(2)):
            pre.declassify_on = parse_declassify(m.group(2)) or schedule.group(1).upper()
    elif key is _TAGS and pre.tags_raw is None:
        pre.tags_raw = unwrap(text)
    elif key is _SUBJECT and pre.subject is None:
        pre.subject = clean_subject(text)
    elif key is _CLASSIFIED_BY and pre.classified_by is None:
        pre.classified_by = unwrap(text)


def _loose_line(pre: Preamble, line: str, seen_key: bool) -> None:
    caveat = caveat_of_line(line)
    if caveat:
        if caveat not in pre.caveats:
            pre.caveats.append(caveat)
    elif not seen_key and _PASS.match(line):
        pre.pass_to.append(_SPACES.sub(" ", line.strip()))


def clean_subject(text: str) -> str | None:
    """Unwrapped, classification markings removed."""
    flat = MARKING.sub(" ", unwrap(text))
    flat = re.sub(r"\s+", " ", flat).strip(" -:")
    return flat or None
