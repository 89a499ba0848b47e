"""Places and bodies the model mixes up, told apart by the cable's other forms (extractor 2.3.0).

- a one-word name the cable also writes before a party's or company's head (``Kadima`` beside ``Kadima
  Party``) is that body where the model calls it a place;
- an acronym read as a place takes the kind of the expansion the cable gives it (``Ministry of Defence
  (MoD)`` is a body, ``Trading with the Enemy Act (TWEA)`` is nothing);
- a city right after ``Embassy``/``Consulate`` is the post's name, not a place the cable talks about.
"""

from __future__ import annotations

import re
from itertools import pairwise

from cablestream.extraction import evidence, reference
from cablestream.extraction.candidates import Candidate, full_name_words
from cablestream.extraction.evidence import definitions
from cablestream.extraction.kinds import ORG_WORDS, post_cities
from cablestream.extraction.names import fold, wordset

# Heads of a body whose first word is the body's own short name: ``Kadima Party`` -> ``Kadima``.
_NAMED_HEADS = wordset("party movement front alliance coalition bank company group airlines")


def short_names(cands: list[Candidate]) -> frozenset[str]:
    """One-word names the cable writes before a party's or a company's head (``Kadima Party``, ``Hyundai
    Group``): alone they name that body, whatever the model calls them."""
    out: set[str] = set()
    for c in cands:
        if c.type == "organization":
            words = fold(c.name).split()
            if len(words) == 2 and words[1] in _NAMED_HEADS:
                out.add(words[0])
    return frozenset(out)


def places_by_definition(
    cands: list[Candidate], body: str, org_words: frozenset[str], not_heads: frozenset[str]
) -> list[Candidate]:
    """A model place that is an acronym the cable spells out takes the kind of its expansion: a body where
    the expansion holds an institution word (``Ministry of Defence (MoD)``), nothing where it is an event or
    a document (``Trading with the Enemy Act (TWEA)``); else it stays a place (``FATA``)."""
    if "(" not in body:
        return cands
    defined = {a: fold(e).split() for a, e in definitions(body).items()}
    kept: list[Candidate] = []
    for c in cands:
        words = defined.get(c.name) if c.type == "place" and c.source == "model" else None
        if words and set(words) & org_words:
            c.type = "organization"
        elif words and words[-1] in not_heads:
            continue
        kept.append(c)
    return kept


# The US post as the cable's writer, named by its city: ``coordinated with Embassy Ankara``.
_POST_BEFORE = re.compile(r"\b(?:Embassy|Consulate(?: General)?|AmEmbassy|AmConsulate)\s+$")


def writer_posts(cands: list[Candidate], body: str) -> list[Candidate]:
    """A model place right after ``Embassy``/``Consulate`` is the post's name (the writer or its sister
    post), not a place the cable talks about; the city's other mentions stay."""
    return [c for c in cands if not (
        c.type in ("place", "country") and c.source == "model" and c.start is not None
        and (_POST_BEFORE.search(body, max(0, c.start - 22), c.start) or _POST_NAME.match(c.name))
    )]


# The model's place that takes the post word in (``Embassy Berlin``, ``Embassies Djibouti``, 2.5.0).
_POST_NAME = re.compile(r"^(?:Embass(?:y|ies)|Consulates?(?:\s+General)?|EMBASSY|CONSULATE)\s")


# A territory's head written after it: ``Balkh Governor Atta``, ``Kandahar Provincial Governor``, ``Tehran Mayor``.
_GOVERNED = re.compile(r"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) (?:Provincial )?(?:Governor|Mayor)\b(?! of)")


def governed_places(cands: list[Candidate], body: str) -> None:
    """A model person the cable writes right before ``Governor`` or ``Mayor`` is the territory governed, a place
    (``in Konduz and Balkh`` beside ``Balkh Governor Atta``), unless a title made it a person or a full name of
    the cable holds it (2.6.0)."""
    in_full_names = full_name_words(cands)
    governed = {fold(m.group(1)) for m in _GOVERNED.finditer(body)} - in_full_names
    if not governed:
        return
    for c in cands:
        if c.type == "person" and c.source == "model" and c.confidence <= 0.6 and fold(c.name) in governed:
            c.type = "place"


# The archive names a territory with the common noun of its rank after the name: Pakistan's tribal agencies
# (``Bajaur Agency``, ``North Waziristan Agency``) and the states of a federation (``Amazonas State``, ``Edo
# State``).  The same nouns head bodies, but then the words before them are ordinary or national ones (``Tax
# Agency``, ``Brazilian Intelligence Agency``) (2.7.0).
_TERRITORY_HEADS = wordset("agency state")


def territories(cands: list[Candidate], ordinary: frozenset[str]) -> None:
    """An ORG of name words and ``Agency`` or ``State`` is a place."""
    for c in cands:
        if c.type != "organization" or c.source != "model":
            continue
        words = fold(c.name).split()
        if len(words) < 2 or words[-1] not in _TERRITORY_HEADS or not c.name.split()[-1][:1].isupper():
            continue
        if all(_name_word(w, ordinary) for w in words[:-1]):
            c.type = "place"


def _name_word(word: str, ordinary: frozenset[str]) -> bool:
    """Not a word the cable or the archive writes in lower case, an institution word or a nationality."""
    return not (
        word in ordinary or word in ORG_WORDS or word in evidence.demonyms() or word in reference.lower_case_words()
    )


# A capitalised word, and the post words before a city that make it the post (the writer), not a place.
_CAPITALISED = re.compile(r"[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*")
_POST_WORD = re.compile(r"(?:Embassy|Consulate|ConGen|AmEmbassy|AmConsul|AmConGen|Mission|General)\s+$")
# What after a city makes it part of something else: a longer name, a serial or a cable number, a derivation.
_BOUND_AFTER = re.compile(r"\s*(?:[A-Z]|\d)|-[a-z]")


def _free(text: str, start: int, end: int) -> bool:
    return not (_POST_WORD.search(text, max(0, start - 12), start) or _BOUND_AFTER.match(text, end))


def city_mentions(text: str) -> list[tuple[int, int]]:
    """Spans of the archive's post cities the mixed-case ``text`` names on their own (``in Sana'a``; not
    ``Embassy Berlin``, ``Vienna Convention``, ``(Harare 0502)``, a page line ``BRASILIA 00000351 003 OF 004``,
    a pass line ``FOR LONDON, PARIS``): the model reads some as nothing (2.7.0).  Up to three capitalised
    words, compared with their spaces and apostrophes removed, as the post list writes them."""
    words = [(m.start(), m.end(), _city_key(m.group())) for m in _CAPITALISED.finditer(text)]
    # joined[i]: word i and the next are one space apart, so they may be one name
    joined = [a[1] + 1 == b[0] and text[a[1]] == " " for a, b in pairwise(words)] + [False]
    cities = post_cities()
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        key, n, best = "", 0, 0
        while n < 3 and i + n < len(words) and (n == 0 or joined[i + n - 1]):
            key += words[i + n][2]
            n += 1
            if key in cities:
                best = n  # the longest run that is a city
        if best:
            start, end = words[i][0], words[i + best - 1][1]
            if not text[start:end].isupper() and _free(text, start, end):
                found.append((start, end))
                i += best
                continue
        i += 1
    return found


def _city_key(word: str) -> str:
    """A capitalised word as the post list writes it: lower case, no apostrophe or hyphen (``Sana'a``)."""
    return fold(word).replace(" ", "")


def bodies_read_as_places(cands: list[Candidate]) -> None:
    """A model place of two words or more headed by an institution word is a body (``African Union``, 2.7.0),
    unless a country's name (``Soviet Union``) or a territory's (``Amazonas State``)."""
    for c in cands:
        if c.type != "place" or c.source != "model":
            continue
        words = fold(c.name).split()
        if len(words) > 1 and words[-1] in ORG_WORDS and words[-1] not in _TERRITORY_HEADS and (
            fold(c.name) not in evidence.country_aliases()
        ):
            c.type = "organization"


_COMPASS_WORDS = wordset("north south east west")


def joined_places(cands: list[Candidate]) -> list[Candidate]:
    """A model place or body written as two places or compass words joined by a hyphen is the adjective of a relation
    (``U.S.-China`` talks, ``North-South`` dialogue), no place (2.7.0); ``Bosnia-Herzegovina`` and
    ``Guinea-Bissau`` stay (one part is no country).  So is a country or its people joined to a body's initials
    (``U.S.-EU`` summit, ``Russian-NATO`` council) (2.8.0)."""
    aliases = evidence.country_aliases()

    def nation(word: str) -> bool:
        return fold(word) in aliases or fold(word) in evidence.demonyms()

    def part(word: str) -> bool:
        return nation(word) or fold(word) in _COMPASS_WORDS or bool(_INITIALS.fullmatch(word))

    return [c for c in cands if not (
        c.type in ("place", "country", "organization") and c.source == "model" and "-" in c.name
        and len(parts := c.name.split("-")) == 2 and all(part(p) for p in parts)
        and (any(nation(p) for p in parts) or not any(_INITIALS.fullmatch(p) for p in parts))
    )]


_INITIALS = re.compile(r"[A-Z]{2,6}")
