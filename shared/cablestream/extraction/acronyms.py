"""Acronyms in mixed-case prose: in a cable, an all-caps word nobody reads as a title is most often a body.

``GONL``, ``ROKG``, ``SAG``, ``EGIS``, ``MUP``, ``UNSC``: governments, agencies, parties and media that
telegrams name by their initials and the small model walks past.  What is *not* a body is known from the
archive's structure, not from a list of misses: country codes and names (``US``, ``UK``), TAGS codes
(``PGOV``, ``KDEM``), titles and offices (``DCM``, ``RSO``, ``CODEL``), telegram furniture (``SBU``,
``NOFORN``), and words the archive writes in lower case (``NOTE``, ``OK``).  Acronyms the cable itself
spells out (``the Egyptian General Intelligence Service (EGIS)``) are bodies whatever they look like.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from cablestream.extraction import reference
from cablestream.extraction.evidence import country_aliases
from cablestream.extraction.junk import JUNK_WORDS
from cablestream.extraction.kinds import ORG_WORDS, ROUTING_WORDS
from cablestream.extraction.names import fold
from cablestream.extraction.patterns import CURRENCY_CODES
from cablestream.extraction.titles import TITLE_WORDS

_ACRONYM = re.compile(r"(?<![\w./-])([A-Z][A-Z&]{1,5}[0-9]?)(?:['’]s)?(?![\w./-])")
_ROMAN = re.compile(r"^[IVXLC]+$")
_MONTHS = frozenset(["JAN", "FEB", "MAR", "APR", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC"])


@cache
def _not_bodies() -> frozenset[str]:
    codes = {c.lower() for c in (*reference.subject_codes(), *reference.countries(), *CURRENCY_CODES)}
    programs = {code.lower() for code in reference.glossary() if reference.glossary()[code].kind != "organization"}
    return frozenset(codes | programs | set(country_aliases()) | TITLE_WORDS | JUNK_WORDS | ROUTING_WORDS)


def is_body(word: str) -> bool:
    key = fold(word)
    return not (
        key in _not_bodies() or key in reference.common_words() or _ROMAN.match(word) or word in _MONTHS
        or (key.endswith("s") and key[:-1] in TITLE_WORDS)  # ``MPS``, ``DCMs``: officers, counted (2.7.0)
    )


# A member of Congress's party and state: ``Representative Jane Harman (D, CA)``, ``(R-MN)`` (2.7.0).
PARTY_STATE = re.compile(r"\([DRI][-,]\s*([A-Z]{2})\)")


# ``MOD`` is the Ministry of Defense, and the minister's title before a name (``MOD Jobim``) (2.7.0).
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")


def _ministry(word: str, text: str, end: int) -> bool:
    key = fold(word)
    return word.isupper() and key in ORG_WORDS and key in TITLE_WORDS and not _NAME_AFTER.match(text, end)


_DEFINED = re.compile(r"[A-Z][\w'’-]*\s+\(([A-Z][A-Z&]{1,5}[0-9]?)\)")


# ``GOI``, ``GoT``, ``GOES``: the archive names a government ``GO`` + its country's initials (2.7.0).
_GOVERNMENT = re.compile(r"(?=G)(?<![\w./])(G[Oo]([A-Z]{1,3}))(?:['’]s)?(?![\w.]|-[a-z])")


@cache
def _countries_by_initials() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = {}
    for alias in country_aliases():
        words = alias.split()
        if words and len(alias) > 3:  # names, not codes (``us``, ``uk``)
            table.setdefault("".join(w[0] for w in words if w not in ("of", "the", "and")), set()).add(alias)
    return {initials: tuple(sorted(names)) for initials, names in table.items()}


def _spaced(name: str) -> str:
    return r"\b" + r"\s+".join(map(re.escape, name.split())) + r"\b"


def governments(text: str) -> dict[str, list[tuple[int, int]]]:
    """Spans of ``GO`` + initials where the text names a country of those initials (``GOI`` in a cable that
    names Iraq), by form: whatever the word is in lower case (``GOT``, ``GOES``), and whatever the model
    reads it as (a place, where it read ``GoI`` as GPE)."""
    found: dict[str, list[tuple[int, int]]] = {}
    named: dict[str, bool] = {}  # initials -> the text names a country of them
    lower = ""
    for m in _GOVERNMENT.finditer(text):
        initials = m.group(2).lower()
        if initials not in named:
            names = _countries_by_initials().get(initials, ())
            lower = lower or text.lower()
            # A substring test first (in C); the word-bounded search only for the names it finds.
            named[initials] = any(name.split()[0] in lower and re.search(_spaced(name), lower) for name in names)
        if named[initials]:
            found.setdefault(m.group(1), []).append((m.start(1), m.end(1)))
    return found


def find(text: str) -> Iterator[tuple[int, int]]:
    """Spans of acronyms that name bodies, in mixed-case ``text``."""
    countries = set(country_aliases())
    defined = {m.group(1) for m in _DEFINED.finditer(text) if fold(m.group(1)) not in countries}
    states = {m.start(1) for m in PARTY_STATE.finditer(text)} if "(" in text else set()
    for m in _ACRONYM.finditer(text):
        if m.start(1) in states:
            continue
        if m.group(1) in defined or is_body(m.group(1)) or _ministry(m.group(1), text, m.end()):
            yield m.start(1), m.end(1)
    for form, spans in governments(text).items():
        if not (form.isupper() and is_body(form)):  # not yielded above
            yield from spans
