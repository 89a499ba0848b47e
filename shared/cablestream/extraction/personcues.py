"""Where a person's name begins and ends, and names that are a facility's, read from the cable (2.3.0).

- *a particle between two capitals* belongs to one name: the model reads ``Alain`` (as ORG) and ``Roy`` (as
  PERSON) in ``Alain le Roy``; a person span right after ``<Capital> le|de|van|bin ...`` takes both words in;
- *a nickname in quotes* sits inside a name: ``GUILLERMO "BILLY" FORD``; a person span that opens a quote and
  stops at its close runs on to the surname after it;
- *a facility's name*: a form written before a capitalised facility head (``Planalto Palace``, ``Manas
  Airbase``) is the facility's name, not a person's, unless a title vouches for the person.
"""

from __future__ import annotations

import re
from collections import defaultdict

from cablestream.extraction.candidates import Candidate
from cablestream.extraction.evidence import words_before
from cablestream.extraction.names import fold

# Particles are a closed class (see names.PARTICLES); ``al``/``el`` may join with a hyphen (``el-Masri``).
_PARTICLE_BEFORE = re.compile(
    r"\b([A-Z][a-z][\w'’-]*)\s+(?:le|la|de|da|du|des|del|di|van|von|der|den|ter|bin|ben|ibn|abu)\s+$"
)
_NICKNAME_END = re.compile(r"[“\"][\w'’-]+[”\"]?$")
_SURNAME_AFTER = re.compile(r"\s?[”\"]?\s+([A-Z][\w'’-]+)")


def person_start(text: str, start: int) -> int:
    """Start of a person span with the ``<Capital> <particle>`` right before it (``Alain le`` + ``Roy``)."""
    m = _PARTICLE_BEFORE.search(text, max(0, start - 30), start)
    return m.start(1) if m else start


def person_end(text: str, start: int, end: int) -> int:
    """End of a person span that opened a quote and stopped at its close: the surname after it is the name's
    (``GUILLERMO “BILLY`` + ``” FORD``)."""
    if " " in text[start:end] and _NICKNAME_END.search(text, start, end) and (m := _SURNAME_AFTER.match(text, end)):
        return m.end(1)
    return end


def inside_people(cands: list[Candidate], joined: list[tuple[int, int]]) -> list[Candidate]:
    """The model's organisations and places lying inside a person span that took in a particle (``Alain`` of
    ``Alain le Roy``, body offsets in ``joined``) are that person's words, not other entities."""
    if not joined:
        return cands
    return [c for c in cands if not (
        c.type in ("organization", "place") and c.source == "model" and c.start is not None and c.end is not None
        and any(s <= c.start and c.end <= e for s, e in joined)
    )]


# Capitalised heads of a facility's proper name (``Planalto Palace``), found before the word they follow.
_FACILITY_HEAD = re.compile(
    r"\s(?:Palace|Airport|Airbase|Stadium|Square|Street|Avenue|Bridge|Dam|Hotel|Mosque|Cathedral|Prison|"
    r"Barracks|Mall|Tower|Library|Museum)\b"
)
_CAP_WORD = re.compile(r"[A-Z][\w'’-]+")


def facility_names(cands: list[Candidate], body: str) -> list[Candidate]:
    """Model people whose one-word form the cable writes before a facility head anywhere (the model may have
    read that mention as something else) go; a titled or rule-found mention keeps the form."""
    facilities = {fold(w) for m in _FACILITY_HEAD.finditer(body) for w in words_before(body, m.start(), _CAP_WORD, 1)}
    if not facilities:
        return cands
    forms: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.type == "person" and c.located and fold(c.name) in facilities:
            forms[fold(c.name)].append(c)
    dropped = {id(c) for group in forms.values() for c in group
               if all(x.source == "model" and x.confidence <= 0.6 for x in group)}
    return [c for c in cands if id(c) not in dropped] if dropped else cands
