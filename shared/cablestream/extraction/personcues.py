"""Where a person's name begins and ends, and names that are a facility's, read from the cable (2.3.0, 2.5.0).

- *a particle between two capitals* belongs to one name: the model reads ``Alain`` (as ORG) and ``Roy`` (as
  PERSON) in ``Alain le Roy``; a person span right after ``<Capital> le|de|van|bin ...`` takes both words in;
- *a nickname in quotes* sits inside a name: ``GUILLERMO "BILLY" FORD``; a person span that opens a quote and
  stops at its close runs on to the surname after it;
- *the rest of a name after the span* (2.6.0): a particle and its surname (``Karl-Theodor`` + ``zu
  Guttenberg``, ``person_end``), and up to three name-cased words no lexicon knows where the capitalised run
  ends (``Mohammad Taghi`` + ``Mesbah Yazdi``, ``name_run_end``);
- *words before the name* (2.5.0): a function word (``Although Mashabane``), a participle opening a sentence
  (``Managing Preval will``) and the complement of a title (``Speaker of the House Nancy Pelosi``) are no part
  of it, see ``name_start``;
- *a facility's name*: a form written before a capitalised facility head (``Planalto Palace``, ``Manas
  Airbase``) is the facility's name, not a person's, unless a title vouches for the person.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.lang.en.stop_words import STOP_WORDS

from cablestream.extraction import evidence, reference
from cablestream.extraction.boundaries import CALENDAR
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.evidence import words_before
from cablestream.extraction.kinds import ORG_WORDS, post_cities
from cablestream.extraction.names import fold, wordset
from cablestream.extraction.titles import ROYAL, is_title

# Particles are a closed class (see names.PARTICLES); ``al``/``el`` may join with a hyphen (``el-Masri``).
_PARTICLE_BEFORE = re.compile(
    r"\b([A-Z][a-z][\w'’-]*)\s+(?:le|la|de|da|du|des|del|di|van|von|zu|der|den|ter|bin|ben|ibn|abu)\s+$"
)
# A particle and the surname right after a span: ``Karl-Theodor`` + `` zu Guttenberg`` (2.6.0).
_PARTICLE_AFTER = re.compile(
    r"\s(?:von|zu|van|de|da|dos|das|del|di|du|bin|ibn)(?:\s(?:der|den|la))?\s([A-Z][a-z][\w'’-]+)"
)
_NICKNAME_END = re.compile(r"[“\"][\w'’-]+[”\"]?$")
_SURNAME_AFTER = re.compile(r"\s?[”\"]?\s+([A-Z][\w'’-]+)")


def person_start(text: str, start: int) -> int:
    """Start of a person span with the ``<Capital> <particle>`` right before it (``Alain le`` + ``Roy``)."""
    m = _PARTICLE_BEFORE.search(text, max(0, start - 30), start)
    return m.start(1) if m else start


# A capitalised function word opening a span is grammar, not a given name (``Although Mashabane``, ``Both
# Liu``, ``Whatever Medvedev``); the few that are names too (``Will``, ``May``, ``Do Muoi``) stay.
_GRAMMAR = frozenset(STOP_WORDS) - wordset("will may via do mark per ca bill else")
_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:]['’\"”]?\s+|\n\s*|\(\w+\)\s+)$")
# ``Speaker of the House Nancy Pelosi``, ``Ambassador to Tehran Geoffrey Adams``: a title's complement.
_COMPLEMENT_OPEN = re.compile(r"([\w/'’-]+)\s+(?:of|for|to)\s+(?:the\s+)?$")
# A complement inside a complement: ``Director for the Protection of`` + ``Algerian Citizens Overseas`` (2.6.0).
_NESTED_OPEN = re.compile(
    r"([\w/'’-]+)\s+(?:of|for|to)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:and\s+)?){1,3}(?:of|for|to)\s+(?:the\s+)?$"
)


def _after_title_complement(before: str) -> bool:
    """Whether the text before a span ends in a title's complement opening (``Secretary of``, ``Director for
    the Protection of``)."""
    return any((m := regex.search(before)) and is_title(m.group(1)) for regex in (_COMPLEMENT_OPEN, _NESTED_OPEN))


_WORD = re.compile(r"\S+")


def name_start(text: str, start: int, end: int, ordinary: frozenset[str], not_people: frozenset[str]) -> int:
    """Start of the name in a person span whose first words are no name (2.5.0): a function word; at a
    sentence's start, a participle the archive writes in lower case (``Managing Preval will remain``);
    after ``<title> of|for|to``, the title's complement: ordinary words, countries and forms the cable
    names as a place or body elsewhere (``Secretary of Commerce Locke``, ``Minister President of Hesse Roland
    Koch``).  One word of the span always stays."""
    words = list(_WORD.finditer(text, start, end))
    if len(words) < 2:
        return start
    first = words[0].group()
    if first[:1].isupper() and first.lower() in _GRAMMAR:
        return words[1].start()
    before = text[max(0, start - 40):start]
    if _participle(fold(first)) and _SENTENCE_OPEN.search(before):
        return words[1].start()
    if not _after_title_complement(text[max(0, start - 90):start]):
        return start
    cut = 0
    while cut < len(words) - 1 and (
        _complement_word(text, words[cut], words[cut + 1].group(), ordinary, not_people)
        # ``Minister of Social Solidarity Jean-Louis Borloo``: a word the archive writes in lower case, where
        # a full name still follows (2.6.0)
        or (len(words) - cut > 2 and fold(words[cut].group()) in reference.lower_case_words())
    ):
        cut += 1
    last = words[-1].group()
    if cut and (_known_word(fold(last), ordinary, not_people) or fold(last) in ORG_WORDS or _FACILITY_WORD.match(last)):
        return start  # ``Chief of the Civilian Household``, ``of the Elysee Palace``: all complement, no name
    return words[cut].start()


def _participle(key: str) -> bool:
    """``managing``, ``making`` (``make``), ``running`` (``run``): the archive writes the word or its stem in
    lower case."""
    if not key.endswith("ing") or len(key) < 6:
        return False
    stem, lower = key[:-3], reference.lower_case_words()
    return key in lower or stem in lower or f"{stem}e" in lower or (stem[-1] == stem[-2] and stem[:-1] in lower)


def _known_word(key: str, ordinary: frozenset[str], not_people: frozenset[str]) -> bool:
    return (key in ordinary or key in not_people or key in evidence.country_names() or key in post_cities()
            or key in evidence.demonyms())  # ``Algerian Citizens Overseas`` (2.6.0)


def _complement_word(
    text: str, word: re.Match[str], after: str, ordinary: frozenset[str], not_people: frozenset[str]
) -> bool:
    """A word of a title's complement: ordinary, a country, a post's city, a place or body the model names
    elsewhere, or a word the cable writes elsewhere without the next word of this span (``Hesse`` alone, never
    ``Hesse Roland``): a given name is seldom written without its surname (``Christian`` of ``Christian
    Democratic Union`` fools it)."""
    key = fold(word.group())
    if key in ROYAL:
        return False  # ``adviser to King Abdullah``: the title is the monarch's
    if _known_word(key, ordinary, not_people):
        return True
    alone = re.compile(rf"(?<![\w-]){re.escape(word.group())}(?![\w-])(?!\s+{re.escape(after)}(?![\w-]))")
    return any(m.start() != word.start() for m in alone.finditer(text))


def person_end(text: str, start: int, end: int) -> int:
    """End of a person span that opened a quote and stopped at its close: the surname after it is the name's
    (``GUILLERMO “BILLY`` + ``” FORD``); or one the model ended before a particle and its surname
    (``Karl-Theodor`` + ``zu Guttenberg``, 2.6.0)."""
    if " " in text[start:end] and _NICKNAME_END.search(text, start, end) and (m := _SURNAME_AFTER.match(text, end)):
        return m.end(1)
    if (m := _PARTICLE_AFTER.match(text, end)) and fold(m.group(1)) not in evidence.country_names():
        return m.end(1)
    return end


# Name-cased words right after a span: ``Mohammad Taghi`` + `` Mesbah Yazdi``.
_RUN_AFTER = re.compile(r"(?: [A-Z][a-z][\w'’-]*){1,3}")
_CAPITAL_NEXT = re.compile(r"\s*[A-Z0-9(“\"]")


def name_run_end(text: str, start: int, end: int, ordinary: frozenset[str], not_people: frozenset[str]) -> int:
    """End of a full name the model cut short (2.6.0): up to three name-cased words right after a span of two
    or more words join it when none is a word the archive writes in lower case, a title, a date word, a
    country, a nationality, a post's city or a form the model names as a place or body, and the capitalised
    run ends there (``Ayatollah Mohammad Taghi Mesbah Yazdi and``, ``Samuel Doria Medina,``)."""
    if " " not in text[start:end].strip() or not (m := _RUN_AFTER.match(text, end)):
        return end
    if _CAPITAL_NEXT.match(text, m.end()):
        return end  # the run goes on past what we can vouch for: a heading, a list of names
    lexicon = reference.lower_case_words()
    for word in m.group().split():
        key = fold(word)
        if key in lexicon or key in CALENDAR or key in ORG_WORDS or is_title(word):
            return end
        if _known_word(key, ordinary, not_people):
            return end
    return m.end()


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
_FACILITY_WORD = re.compile(_FACILITY_HEAD.pattern.removeprefix(r"\s") + "$")


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


# A surname that opens with its particle, after a word of English prose: ``expect de Maiziere``, ``offer del
# Ponte``, ``to van Hulten``, ``that de Hoop Scheffer`` (2.7.0); the model reads many as nothing.  Not after a
# word of another language (``sur le Climat``, ``caudales del Rio Parana``), nor a country or a known word.
_PARTICLE_NAME = re.compile(
    r"(?<=[a-z,;:]\s)(?:de|van|von|da|du|del|di|dos|der|le)(?:\s(?:la|der|den|las|los))?"
    r"\s([A-Z][a-z][\w'’-]+(?:\s[A-Z][a-z][\w'’-]+)?)(?![\w'’-])"
)


def particle_names(text: str, ordinary: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of names that open with a lower-case particle in prose (see ``_PARTICLE_NAME``)."""
    found: list[tuple[int, int]] = []
    english = reference.lower_case_words()
    for m in _PARTICLE_NAME.finditer(text):
        before = text[max(0, m.start() - 30):m.start()].split()
        if not before or fold(before[-1]) not in english or fold(before[-1]) in ("en", "a"):
            continue
        words = [fold(w) for w in m.group(1).split()]
        if any(_known_word(w, ordinary, frozenset()) or w in english or is_title(w) for w in words):
            continue
        found.append((m.start(), m.end()))
    return found
