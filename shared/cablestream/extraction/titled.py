"""Rule-found people: a capitalised name right after an office title the model walked past.

``Deputy Assistant U.S. Trade Representative for South and Central Asia Claudio Lilienfeld`` defeats the small
model (it sees ``South`` and nothing else); the title phrase makes the name unambiguous.  The name is the last
two or three capitalised words before the phrase ends, and must not be a place or an institution.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablestream.extraction import reference
from cablestream.extraction.boundaries import CALENDAR
from cablestream.extraction.junk import JUNK_WORDS
from cablestream.extraction.names import fold, wordset
from cablestream.extraction.titles import (
    CAMEL,
    PERSONAL_TITLES,
    ROYAL_TITLES,
    TITLE_WORDS,
    strip_titles,
)

_TITLES = (
    r"President|Minister|Ambassador|Secretary|Representative|Director|Chairman|Chairwoman|Governor|Mayor|Senator|"
    r"Advisor|Adviser|Counselor|Consul|Spokesman|Spokeswoman|Commander|General|Deputy|Chief|Speaker|Head|Envoy|"
    r"Coordinator|Attache|Officer|Mr\.|Mrs\.|Ms\.|Dr\.|Amb\.|"
    # Religious ranks, titles of a person only (``Ayatollah Sistani``, ``Patriarch Sfeir``) (2.8.0).
    r"Ayatollah|Patriarch|Archbishop|Cardinal|Mufti|Rabbi"
)
_CAP = r"[A-Z][a-z][\w'’-]*"
_SP = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"  # a space or a line wrap, never a blank line (the end of a block)
_TITLED_RUN = rf"(?:{_SP}(?:of|for|and|the|on|to|U\.S\.|[A-Z][\w.'’-]*))"
_TITLED_NAME = (rf"{_SP}(?P<name>{_CAP}(?:{_SP}[A-Z]\.)?(?:{_SP}{_CAP}){{1,2}})"
                rf"(?=\s+[a-z(]|\s*\n\s*\n|\s*[,.;:)’'\"]|\s*$)")
TITLED = re.compile(rf"\b(?:{_TITLES}){_TITLED_RUN}{{0,9}}{_TITLED_NAME}")
# The same, taking the shortest run first: in ``Ambassador Wayne or Deputy Ambassador Ricciardone and ISAF J2
# MG Flynn. The``, the longest run swallows the name it should stop at (2.5.0).
_TITLED_SHORT = re.compile(rf"\b(?:{_TITLES}){_TITLED_RUN}{{0,9}}?{_TITLED_NAME}")
_TITLE_AT = re.compile(rf"\b(?:{_TITLES})")
_TITLE_NAMES = wordset(_TITLES.replace("|", " ").replace("\\", ""))
# Words that make a capitalised run an institution or a place, not a person.
_NOT_NAME = wordset(
    """ministry department union bank committee council party agency organization organisation trade republic asia
    africa europe america affairs office embassy government administration commission assembly parliament court
    forces army police university institute company corporation group federation state states kingdom east west
    north south central national international foreign security economic development investment energy industry
    justice defense defence interior finance health education agriculture region city province nations league
    ltd inc mining school radio journal news press movement"""
)


_PARTICLES = wordset("al el bin ben ibn abu de del da di van von der le la")
_LEFT_WORD = re.compile(r"([A-Z][\w'’-]*|al|el|bin|ben|ibn|de|del|da|di|van|von|der)\s+$")


def _extend_left(text: str, start: int) -> int:
    """Grow the name over capitalised words and particles (``Zine El Abidine Ben Ali``) up to a title word."""
    while (m := _LEFT_WORD.search(text, 0, start)) and len(text[m.start() : start].split()) == 1:
        word = fold(m.group(1))
        acronym = m.group(1).isupper() and len(m.group(1)) > 1
        if acronym or word.endswith("tion") or word in _NOT_NAME or word in JUNK_WORDS or word in TITLE_WORDS:
            break
        start = m.start()
    return start


# A monarch: title, regnal name, its ``bin``/``al`` parts and numeral (``Saudi King Abdullah``, ``Prince
# Muqrin``, ``King Hassan II``).  The title stays in the name (see titles.ROYAL).
ROYAL_NAME = re.compile(
    rf"\b(?:{ROYAL_TITLES})\s+[A-Z][a-z][\w'’-]*"
    r"(?:\s+(?:bin|ibn|bint|al|Al)[\s-]+[A-Z][a-z][\w'’-]*)*(?:\s+(?:II|III|IV|VI)\b)?"
)


def royal(text: str) -> Iterator[tuple[int, int]]:
    """Spans of monarchs' names: the small model reads ``Saudi King Abdullah`` as a nationality and nothing."""
    for m in ROYAL_NAME.finditer(text):
        last = fold(m.group().split()[-1])
        if last not in _NOT_NAME and last not in JUNK_WORDS:
            yield m.start(), m.end()


def find(text: str) -> Iterator[tuple[int, int]]:
    """Spans of names that follow an office title: the name after the longest title phrase (``Deputy
    Assistant U.S. Trade Representative for South and Central Asia Claudio Lilienfeld``), unless that phrase
    runs past a sentence's end; then after the shortest (2.5.0)."""
    end = 0
    for title in _TITLE_AT.finditer(text):
        if title.start() < end:
            continue  # inside the last match, as ``finditer`` would skip it
        m = TITLED.match(text, title.start())
        short = bool(m and _SENTENCE_END.search(text, title.end(), m.start("name")))
        if short:
            m = _TITLED_SHORT.match(text, title.start())
        if m is None:
            continue
        end = m.end()
        if (span := _titled_name(text, m)) and not (short and _ordinary(text[span[0]:span[1]])):
            yield span


_SENTENCE_END = re.compile(r"[a-z]\.\s")


def _ordinary(name: str) -> bool:
    """A word of the name the archive writes in lower case: the shortest phrase stopped on a portfolio
    (``Security Service``, ``Policy``), not a name."""
    lower = reference.lower_case_words()
    return any(fold(w) in lower for w in name.split())


def _titled_name(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    words = [fold(w) for w in m.group("name").split()]
    while len(words) > 1 and words[0] in _TITLE_NAMES:
        words = words[1:]  # ``Deputy`` + ``Ambassador Ricciardone``
    if any(w in _NOT_NAME or w in JUNK_WORDS for w in words):
        return None
    start = _extend_left(text, m.start("name"))
    while fold(text[start : m.end("name")].split()[0]) in _PARTICLES:
        start += len(text[start:].split()[0]) + 1
    # "Chief of Army Staff General Kayani": the name group may still open with a rank or office.
    pieces = list(re.finditer(r"\S+", text[start : m.end("name")]))
    kept = len(strip_titles(text[start : m.end("name")]).split())
    if kept and fold(pieces[-kept].group()) not in TITLE_WORDS:
        return start + pieces[-kept].start(), m.end("name")
    return None


# An office written as a code (``A/S Fried``, ``S/CT Dailey``, ``UN SYG Ban``, ``EAP DAS David Shear``) or a
# title word, perhaps with its portfolio (``Minister of Defense Alaiwa``, ``Minister-in-waiting Brown``), then
# a name the model left unlabelled or called a nationality or an organisation.  A code counts when it holds a
# slash (a State Department office) or is itself a title (``PM``, ``DAS``, ``CODEL``); a title word may be
# followed by a surname alone, a code by up to three name words.
# ... or a camel-case word, shaped as ``titles.CAMEL_OFFICE`` reads an office (``SecDef Gates``) (2.8.0).
_CODE = rf"[A-Z]{{2,6}}|[A-Z]{{1,4}}/[A-Z]{{1,4}}|{CAMEL}"
_END = r"(?=[ \t]*[,.;:)’'\"]|\s+[a-z(]|\s*$)"
_PORTFOLIO = r"(?:[ \t]+of(?:[ \t]+the)?[ \t]+[A-Z][a-z]+)?"  # ``Minister of Defense``
OFFICE_NAME = re.compile(
    rf"(?<![\w/])(?:(?P<code>{_CODE}|[A-Z][a-z]{{1,3}}\.?)|(?P<title>{_TITLES})(?:-[a-z]+)*{_PORTFOLIO})"
    rf"[ \t]+(?P<name>(?:(?:de|du|da|van|von|del|di|le|la)[ \t]+)?{_CAP}(?:{_SP}{_CAP}){{0,2}}){_END}"
)


# A title, a comma, then the name set off by commas: ``the new Justice Minister, El Hadj Amadou Sall, to``.
APPOSED = re.compile(rf"\b(?:{_TITLES}),[ \t]+(?P<name>{_CAP}(?:[ \t]+{_CAP}){{1,3}}),")


# A plural title before a list of names: ``Ambassadors Holbrooke, Eikenberry, and Ricciardone``, ``Senators Kerry
# and Lugar``; each name is a person the title names (2.7.0).
_PLURAL_TITLES = r"Ambassadors|Presidents|Ministers|Senators|Generals|Governors|Secretaries|Congressmen|Representatives"
_LIST_NAME = rf"{_CAP}(?:[ \t]+{_CAP}){{0,2}}"
PLURAL_TITLED = re.compile(
    rf"\b(?:{_PLURAL_TITLES})[ \t]+(?P<names>{_LIST_NAME}(?:,?[ \t]+(?:and[ \t]+)?{_LIST_NAME}){{1,5}}){_END}"
)


def listed(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the names a plural title lists."""
    for m in PLURAL_TITLED.finditer(text):
        for name in re.finditer(_LIST_NAME, m.group("names")):
            words = [fold(w) for w in name.group().split()]
            if not any(w in _NOT_NAME or w in JUNK_WORDS or w in TITLE_WORDS for w in words):
                yield m.start("names") + name.start(), m.start("names") + name.end()


def _office_code(code: str) -> bool:
    """``A/S``, ``DAS``, ``CODEL``, ``SecDef``; or a short written title (``Ltc``, ``Prof.``, ``Col.``).  A
    camel-case word counts only as a known title: ``JoongAng Ilbo`` is a newspaper."""
    return "/" in code or fold(code) in TITLE_WORDS or fold(code + ".") in TITLE_WORDS


def offices(text: str, ordinary: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Spans of names right after an office code or a title word (see ``OFFICE_NAME``); the name's words are
    none of institution, place-kind, title or ordinary words (``Minister Said`` is no one)."""
    for m in OFFICE_NAME.finditer(text):
        words = [fold(w) for w in m.group("name").split()]
        words = words[1:] if words[0] in _PARTICLES and len(words) > 1 else words  # ``FM de Villepin`` (2.7.0)
        if m.group("code") is not None and not _office_code(m.group("code")):
            continue
        if m.group("title") is not None and len(words) > 1:
            continue  # a title before two or three words is ``find``'s
        if any(w in _NOT_NAME or w in JUNK_WORDS or w in TITLE_WORDS or w in ordinary or w in CALENDAR for w in words):
            continue  # ``the MOD December announcement``: a month is no name
        yield m.start("name"), m.end("name")
    for m in APPOSED.finditer(text):
        words = [fold(w) for w in m.group("name").split()]
        if not any(w in _NOT_NAME or w in JUNK_WORDS or w in TITLE_WORDS or w in ordinary for w in words):
            yield m.start("name"), m.end("name")


_ANY_CASE_TITLE = re.compile(rf"\b(?:{_TITLES}|{ROYAL_TITLES})(?![\w.])", re.IGNORECASE)


def recase_titles(text: str) -> str:
    """A re-cased all-caps text (``truecase``) with its title words capitalised again (``Ambassador Byroade``,
    ``Empress Farah``), so the rules above read it as they read mixed case.  Same length as the input."""
    return _ANY_CASE_TITLE.sub(lambda m: m.group().capitalize(), text)


# Offices that follow a ministry's name in a person's description (``Ministry of Interior Brigadier``).
_OFFICE_WORD = re.compile(rf"^(?:{_TITLES}|{PERSONAL_TITLES}|Brigadier|Administrator|Deputy)$")


def ministry_end(text: str, start: int, end: int) -> int:
    """End of a ministry's name before an office or a date word the capitalised run took in (``Ministry of
    Interior Brigadier``, ``Ministry of Foreign Affairs October``) (2.7.0)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    first = 4 if len(words) > 2 and words[2].group() == "the" else 3  # ``Ministry of (the) <portfolio>`` stays
    for i, w in enumerate(words[first:], start=first):
        if _OFFICE_WORD.match(w.group()) or fold(w.group()) in CALENDAR:
            return start + words[i - 1].end()
    return end
