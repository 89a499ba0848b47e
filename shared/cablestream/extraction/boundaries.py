"""Where a long organisation name ends (extractor 2.3.0).

The small model often stops inside a long official name (``Center for Political`` | ``Technologies``,
``Iranian Fund`` | ``for the Reconstruction of Lebanon``, ``Alliance of Liberal Democrats`` | ``for Europe``).
The words it left out are still the name's own when the cable's text says so:

- *unfinished*: the span ends on a Title Case word that is no institution word and no acronym (an adjective,
  a foreign or proper word: ``for Political``, ``for Human``, ``Hyundai``), and Title Case words follow it at
  once: a name does not stop on its modifier;
- *a complement*: the span ends on, or already holds, an institution word (``Fund``, ``Office``, ``Centre
  for Work``) and ``of``/``for``/``and`` runs on into Title Case words: the body's purpose or domain.

The run taken holds no title (``UN`` + ``Secretary General``), no word the model labelled itself, and for
``and`` no second institution word (``the Ministry of Defense and Ministry of Interior`` are two bodies).
Mixed-case cables only: in capitals every word is Title Case.
"""

from __future__ import annotations

import re

from cablestream.extraction.evidence import country_aliases
from cablestream.extraction.junk import UNIT_HEADS
from cablestream.extraction.kinds import ORG_WORDS
from cablestream.extraction.names import fold, wordset
from cablestream.extraction.titles import TITLE_WORDS

_CAP = r"[A-Z][a-z][\w'’-]*"
_RUN = rf"{_CAP}(?:\s(?:(?:of|and|the|for|on)\s)*{_CAP})*"
_DIRECT = re.compile(rf" ({_RUN})")
_COMPLEMENT = re.compile(rf" ((?:of|for|and)(?: the)? {_RUN})")


# Closed classes that follow a name without belonging to it: ``the Ministry of Foreign Affairs October 22``.
CALENDAR = wordset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday"""
)


def _run_taken(run: str) -> str:
    """The run up to its first title or calendar word (``Asan`` of ``Asan President Yoon``), without trailing
    connectors; and for a run after ``and``, nothing where it holds a second institution word."""
    kept: list[str] = []
    for word in run.split():
        if fold(word) in TITLE_WORDS or fold(word) in CALENDAR:
            break
        kept.append(word)
    while kept and kept[-1] in _JOINERS:
        kept.pop()
    if run.startswith("and ") and any(fold(w) in ORG_WORDS for w in kept[1:]):
        return ""
    return " ".join(kept) if any(w[:1].isupper() for w in kept) else ""


_JOINERS = frozenset(["of", "and", "the", "for", "on"])


def org_end(text: str, start: int, end: int, labelled: set[int]) -> int:
    """End of an ORG span with the rest of its name, where the text shows the model stopped inside it."""
    after = text[end : end + 2]
    if len(after) < 2 or after[0] != " " or not (after[1].isupper() or after[1] in "ofa"):
        return end  # most spans end before punctuation or prose: nothing to read on
    words = text[start:end].split()
    if not words or not words[-1][:1].isupper():
        return end
    last = words[-1]
    holds_body = any(fold(w) in ORG_WORDS for w in words)
    m = None
    if not last.isupper() and fold(last) not in ORG_WORDS:
        m = _DIRECT.match(text, end)
    if m is None and holds_body:
        m = _COMPLEMENT.match(text, end)
    if m is None:
        return end
    run = _run_taken(m.group(1))
    stop = m.start(1) + len(run)
    if not run or any(end <= pos < stop for pos in labelled):
        return end
    return stop


# Military units are named by number (2.5.0): ``14th Punjab Battalion``, ``7th Division``, ``Combined Task
# Force 152``; the model leaves the number out of the span.
_ORDINAL_BEFORE = re.compile(r"\b\d{1,3}(?:st|nd|rd|th)\s+$")
_NUMBER_AFTER = re.compile(r"\s\d{1,4}\b(?![,.]?\d)")


def unit_span(text: str, start: int, end: int) -> tuple[int, int]:
    """An ORG span headed by a unit word, with the ordinal before it or the number after it."""
    words = text[start:end].split()
    if not words or fold(words[-1]) not in UNIT_HEADS:
        return start, end
    if m := _ORDINAL_BEFORE.search(text, max(0, start - 8), start):
        start = m.start()
    elif m := _NUMBER_AFTER.match(text, end):
        end = m.end()
    return start, end


_DAY_AFTER = re.compile(r"\s+\d{1,2}\b")
_DAY_BEFORE = re.compile(r"\b\d{1,2}\s+$")


def is_date(text: str, start: int, end: int) -> bool:
    """A month or weekday next to a day's number (``on December 18``, ``5 June``): a date, whoever else is
    named ``June`` (2.5.0)."""
    return fold(text[start:end]) in CALENDAR and bool(
        _DAY_AFTER.match(text, end) or _DAY_BEFORE.search(text, max(0, start - 4), start)
    )


# ``the Government's Office for Human Rights``, ``ISAF's ACTF``, ``Jordan's Arab Bank``: an institution word, a
# body's initials or a country, and its possessive, before a body's name is the body's owner, not part of its
# name (2.7.0).  A name's own possessive is a person's or a people's (``People's Liberation Army``, ``Worker's
# Party``, ``Prosecutor's Office``), not an institution's.  The rest is a name of two words or more with an
# institution word, or initials.
_OWNER = re.compile(r"(?:[Tt]he\s+)?([A-Z][A-Za-z]+)['’]s\s+(?=[A-Z])")


# Initials before a department of theirs: ``GOI Ministry of External Affairs``, ``MFA North American Department``
# (2.7.0).
_INITIALS_OWNER = re.compile(
    r"(?:[Tt]he\s+)?([A-Z]{2,6})\s+(?=(?:Ministry|Department|Directorate|Bureau|Office)\s+(?:of|for)\s|"
    r"(?:[A-Z][a-z]+\s+){1,3}(?:Department|Directorate|Bureau|Office)\b)"
)


def owner_start(text: str, start: int, end: int) -> int:
    """Start of an ORG span after the possessive of an institution, a body's initials or a country, or after
    the initials of the body a department belongs to."""
    if (initials := _INITIALS_OWNER.match(text, start, end)) is not None:
        return initials.end()
    m = _OWNER.match(text, start, end)
    if m is None:
        return start
    owner = m.group(1)
    if not (fold(owner) in ORG_WORDS or (owner.isupper() and len(owner) > 1) or fold(owner) in country_aliases()):
        return start
    rest = text[m.end():end]
    words = fold(rest).split()
    named = len(words) > 1 and any(w in ORG_WORDS for w in words)
    return m.end() if named or (len(words) == 1 and rest.strip().isupper()) else start


# A body's initials and the noun of its members: ``GCC Country``, ``NATO Allies``, ``EU member states`` (2.7.0).
_MEMBERS_AFTER = re.compile(
    r"([A-Z][A-Z&]{1,6})\s+(?:[Cc]ountr(?:y|ies)|[Aa]ll(?:y|ies)|[Mm]embers?(?:\s+[Ss]tates?)?|[Pp]artners?|[Nn]ations)$"
)


def members_end(text: str, start: int, end: int) -> int:
    """End of an ORG span at the initials, where the words after them name its members."""
    m = _MEMBERS_AFTER.match(text, start, end)
    return m.end(1) if m else end
