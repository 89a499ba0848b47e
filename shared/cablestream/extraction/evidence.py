"""Evidence from the cable's own prose about which capitalised words are names.

A word the cable (or the archive, ``data/common-words.txt``) writes in lower case is an ordinary word: a
capital on it marks a sentence start, a heading or a title (``Predecessor Nelson Mandela``), not a name.
All-caps telegrams carry no such evidence, so for them nothing here applies.
"""

from __future__ import annotations

import re
from functools import cache

from cablestream.extraction import reference
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.names import PARTICLES, fold, wordset
from cablestream.extraction.titles import CAMEL_OFFICE, TITLE_WORDS, strip_titles

_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*[a-z](?![\w'’-])")


def lower_words(text: str) -> frozenset[str]:
    """Words the text writes in lower case.  Particles (``bin`` of ``bin Laden``) are among them, which is
    harmless: a name never consists of particles alone, and a leading one goes only while two words stay."""
    return frozenset(_LOWER_WORD.findall(text))


_TOKEN = re.compile(r"[a-z0-9]+")


def common(words: frozenset[str], text: str | None = None) -> frozenset[str]:
    """``words`` and the archive's ordinary words (English's where the archive cannot tell, 2.9.0); given the
    cable's ``text``, only those of them the text holds (every word looked up comes from it), which spares
    copying the whole lexicon."""
    archive = reference.ordinary_words()
    if text is None:
        return words | archive
    return words | archive.intersection(_TOKEN.findall(text.lower())) | _accented(archive)


@cache
def _accented(archive: frozenset[str]) -> frozenset[str]:
    """The archive's few ordinary words with accents (``regime`` is ASCII, ``décor`` is not): always in."""
    return frozenset(w for w in archive if not w.isascii())


_CAPS_MARK = re.compile(r"^[A-Z][A-Z.&/-]*[A-Z.]$")


def _office_mark(word: str) -> bool:
    """In mixed-case prose, an all-caps or camel-case word before a name is an office or a unit (``CHOD
    Kayani``, ``USDP Edelman``, ``U.S. Beyrle``, ``PolMinCouns Scott Bellard``), never the name's own word."""
    if "/" in word.strip("/"):
        return True  # an office code: ``ISN/MTR``, ``P/E``, ``A/S``
    if sum(ch.isupper() for ch in word) < 2:
        return False  # an initial (``J. Chris Stevens``) is the name's own
    return bool(CAMEL_OFFICE.match(word) or _CAPS_MARK.match(word))


@cache
def country_aliases() -> dict[str, str]:
    """Folded name or alias -> canonical country name (``u s`` -> ``United States``)."""
    table: dict[str, str] = {}
    for c in reference.countries().values():
        for form in (c.name, *c.aliases):
            table.setdefault(fold(form), c.name)
    return table


@cache
def _country_forms() -> re.Pattern[str]:
    """Every country's name and alias as the archive writes them (``United Arab Emirates``, ``UAE``, ``U.S.``),
    longest first, but no alias that is an ordinary word in capitals (``CAR``)."""
    forms = {form for c in reference.countries().values() for form in (c.name, *c.aliases)}
    forms = {f for f in forms if not (f.isupper() and f.lower() in reference.lower_case_words())}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # The lookahead lets the engine skip every position without a capital (3.5x faster over a cable).
    return re.compile(rf"(?=[A-Z])(?<![\w.-])(?:{alternatives})(?![\w-]|\.\w)")


@cache
def _upper_country_forms() -> re.Pattern[str]:
    """The same in capitals, for all-caps telegrams: none the archive writes in lower case too (``CAR``,
    ``US``), and no two-letter initials but dotted ones (``U.S.``)."""
    forms = {form.upper() for c in reference.countries().values() for form in (c.name, *c.aliases)}
    forms = {f for f in forms if (len(f.replace(".", "")) > 2 or "." in f) and not (
        " " not in f and f.lower() in reference.lower_case_words()
    )}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?=[A-Z])(?<![\w.-])(?:{alternatives})(?![\w-]|\.\w)")


def country_mentions(text: str, upper: bool = False) -> list[tuple[int, int]]:
    """Spans of countries the mixed-case ``text`` names, case as written (``the UAE``: the model reads many
    countries written as initials as nothing) (2.7.0); ``upper`` for an all-caps telegram."""
    return [m.span() for m in (_upper_country_forms() if upper else _country_forms()).finditer(text)]


@cache
def demonyms() -> frozenset[str]:
    """Nationality words formed from the countries' names (``Ugandan``, ``Chinese``, ``Iraqis``, ``Tajik``).

    Regular forms only, built from the country table; the model labels the irregular ones (``French``) NORP."""
    forms: set[str] = set()
    for name in country_aliases():
        if " " in name:
            continue
        forms |= {name + s for s in ("n", "ns", "an", "ans", "ian", "ians", "i", "is", "ese", "ish")}
        if name[-1] in "aeiouy":
            forms |= {name[:-1] + s for s in ("an", "ans", "ian", "ians", "ese", "ish", "i")}  # not "is": Francis
        if name.endswith("istan"):
            forms |= {name[:-5], name[:-5] + "s"}
    return frozenset(forms)


@cache
def country_names() -> frozenset[str]:
    """One-word country names (``Lebanon``), and not ones that are given names too (``Jordan``, ``Chad``)."""
    names = {fold(c.name) for c in reference.countries().values() if " " not in c.name}
    return frozenset(names - _GIVEN_TOO)


_GIVEN_TOO = wordset("jordan chad georgia israel")


def person_name(name: str, ordinary: frozenset[str], upper_text: bool = False) -> str | None:
    """The name without leading office marks and ordinary words, or None when every word is ordinary
    (``Officers``).  In all-caps text every word looks like an office mark, so none is taken for one.

    An office mark goes while a capitalised word follows; an ordinary word goes only while two words stay:
    ``Mark Smith`` keeps its ``Mark``."""
    # "Sanader's July": a possessive ends the name.
    words = re.split(r"['’]s\s", name, maxsplit=1)[0].split()
    countries = country_names()
    while len(words) > 1 and words[1][:1].isupper() and (
        (not upper_text and _office_mark(words[0])) or fold(words[0]) in countries
    ):  # an office, or a country before a name (``Lebanon Hamadeh``)
        words = strip_titles(" ".join(words[1:])).split()
    if words and all(fold(w) in ordinary for w in words):
        return None
    # A lower-case particle opens a surname (``de Hoop Scheffer``, 2.7.0), whatever the cable writes in lower case.
    while len(words) > 2 and fold(words[0]) in ordinary and not (words[0].islower() and fold(words[0]) in PARTICLES):
        words = words[1:]
    return " ".join(words)


# Between two listed names: a comma or a conjunction, and at most two names the model did not label
# (``Zagreb, Split, Rijeka``: ``Split`` is an ordinary word to it).
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
LIST_JOIN = re.compile(rf"^{_JOIN}(?:[A-Z][\w'’-]*{_JOIN}){{0,2}}$")


def places_by_company(cands: list[Candidate], body: str) -> None:
    """A name listed with places is a place: ``Zagreb, Split, Rijeka, and Osijek`` makes the model's
    people ``Rijeka`` and ``Osijek`` places once ``Zagreb`` is one (and its one-word ORGs, see
    ``_listed_as_place``).  A full name needs two places in its list (``Rio de Janeiro, Sao Paulo, Minas
    Gerais``): one is not enough (``western Orakzai or Tariq Afridi militants``, 2.5.0)."""
    located = sorted((c for c in cands if c.located), key=lambda c: c.start or 0)
    for run in _list_runs(located, body):
        if not _placelike_run(run, body):
            continue
        for needed, one_word in ((1, True), (2, False)):  # one-word names first: they count for full names
            if sum(c.type in ("place", "country") for c in run) < needed:
                break
            for c in run:
                if _listed_as_place(c) and (" " not in c.name.strip()) == one_word:
                    c.type = "place"


# ``in Zagreb, Split, Rijeka, and Osijek``, ``between Peshawar and Torkham``, ``the states of Rio de Janeiro,
# Bahia, Minas Gerais``, ``the four largest cities, Zagreb, Split``: a list after a locative or an area's kind.
_PLACES_LIST_OPENS = re.compile(
    r"\b(?:in|near|into|inside|outside|throughout|across|around|between)\s+(?:the\s+)?$"
    r"|\b(?:states|provinces|regions|cities|towns|villages|districts|countries|departments|areas)"
    r"(?:\s+(?:of|like|such\s+as|including))?\s*[,:]?\s+$",
    re.IGNORECASE,
)


def _placelike_run(run: list[Candidate], body: str) -> bool:
    """A list that names more people than places is a list of people (``leadership than Zardari, Gailani,
    Kiayani, and Pasha``, where the model read one misspelt surname as a place), unless a locative opens it
    (2.9.0)."""
    places = sum(c.type in ("place", "country") for c in run)
    people = sum(c.type == "person" for c in run)
    first = run[0].start or 0
    return places >= people or bool(_PLACES_LIST_OPENS.search(body, max(0, first - 20), first))


def _list_runs(located: list[Candidate], body: str) -> list[list[Candidate]]:
    """Runs of located candidates joined one to the next by a list's comma or conjunction."""
    runs: list[list[Candidate]] = []
    for c in located:
        if runs and LIST_JOIN.match(body[runs[-1][-1].end:c.start]):
            runs[-1].append(c)
        else:
            runs.append([c])
    return [run for run in runs if len(run) > 1]


def _listed_as_place(c: Candidate) -> bool:
    """A model person, or (2.3.0) a one-word model ORG that is no acronym and no known body (``between
    Peshawar and Torkham``): bodies are listed with places too, but by initials or by a known name."""
    if c.source != "model":
        return False
    name = c.name.strip()
    if c.type == "person":
        return True
    return c.type == "organization" and " " not in name and not name.isupper() and fold(name) not in _org_names()


@cache
def _org_names() -> frozenset[str]:
    return frozenset(fold(n) for n in reference.org_names())


# "the Doha Development Agenda (DDA)": a run of capitalised words (and connectors) right before an acronym
# in brackets whose initials spell it is what the cable itself says the acronym stands for.  The bracket is
# found first and the run read backwards from it: a pattern that tries every word as a run's start cost
# more than the rest of the rules (2.3.0).
BRACKETED = re.compile(r"\s\(\s*([A-Z](?:[A-Z]|[a-z](?=[A-Z])){1,5})s?\s*\)")
_DEF_WORD = re.compile(r"[A-Z][\w'’-]*|of|the|and|for|on|in|with")


def words_before(body: str, end: int, word: re.Pattern[str], limit: int = 12) -> list[str]:
    """The run of words matching ``word`` that ends right at ``end`` (at most ``limit`` of them)."""
    run: list[str] = []
    for w in reversed(body[max(0, end - 160) : end].split()[-limit:]):
        if not word.fullmatch(w):
            break
        run.append(w)
    return run[::-1]


# Heads of a body that ORG_WORDS leaves out because alone they also name a thing (``Air Force``, ``Command``).
_BODY_HEADS = wordset("force command")


def definitions(body: str) -> dict[str, str]:
    """Acronym -> the expansion the cable gives for it, where the initials of the expansion's last capitalised
    words spell the acronym (``Focused District Development (FDD)``)."""
    found: dict[str, str] = {}
    if "(" not in body:
        return found
    for m in BRACKETED.finditer(body):
        acronym = m.group(1)
        words = words_before(body, m.start(), _DEF_WORD)
        if not words:
            continue
        capitals = [i for i, w in enumerate(words) if w[:1].isupper()]
        letters = acronym.upper()  # ``MoD``: the small letter stands for a connector (``of``)
        if len(capitals) >= len(letters):
            first = capitals[-len(letters)]
            if "".join(words[i][0] for i in capitals[-len(letters):]) == letters:
                found.setdefault(acronym, " ".join(words[first:]))
                continue
        # ``Trading with the Enemy Act (TWEA)``: the initials of every word, connectors too (2.3.0).
        spelled = [i for i, w in enumerate(words) if w != "the"]  # an article has no letter in an acronym
        if len(spelled) >= len(letters) and "".join(words[i][0] for i in spelled[-len(letters):]).upper() == letters:
            found.setdefault(acronym, " ".join(words[spelled[-len(letters)]:]))
    return found


# A gerund (``Financing``, ``Training``): an expansion headed by one and holding no institution word names what
# is done, not who does it (``Foreign Military Financing (FMF)``).  Not other nouns of action: US agencies are
# named for theirs (``Customs and Border Protection``, ``Immigration and Customs Enforcement``) (2.6.0).
def _activity(head: str) -> bool:
    """A gerund the archive writes in lower case (not ``Ming``, ``Beijing``)."""
    return head.endswith("ing") and head in reference.common_words()


def bodies_by_definition(
    cands: list[Candidate], body: str, org_words: frozenset[str], not_heads: frozenset[str],
    place_heads: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """An acronym the cable spells out is a body only when its expansion holds an institution word
    (``Egyptian General Intelligence Service (EGIS)``); else it names a program, an agreement, an area or an
    office (``Doha Development Agenda (DDA)``, ``Acting Principal Officer (APO)``) and neither it nor its
    expansion is an organisation.  Where the model calls either a place (``Federally Administered Tribal
    Areas (FATA)``), both are that place.  Since 2.3.0 an expansion headed by a title is an office, no body
    either (``Acting Principal Officer (APO)``), and one headed by an area word is a place whatever the model
    said (``Northwest Frontier Province (NWFP)``)."""
    defined = definitions(body)
    if not defined:
        return cands
    places = {fold(c.name) for c in cands if c.type == "place"}
    not_bodies: dict[str, str] = {}
    for acronym, expansion in defined.items():
        words = fold(expansion).split()
        either_place = fold(acronym) in places or fold(expansion) in places or words[-1] in place_heads
        headed = words[-1] in not_heads or words[-1] in TITLE_WORDS or _activity(words[-1])
        if not set(words) & (org_words | _BODY_HEADS) and (headed or either_place):
            not_bodies[fold(acronym)] = fold(expansion)
            not_bodies[fold(expansion)] = fold(expansion)
    if not not_bodies:
        return cands
    places = {not_bodies[fold(c.name)] for c in cands if c.type == "place" and fold(c.name) in not_bodies}
    places |= {e for e in not_bodies.values() if e.split()[-1] in place_heads}
    kept: list[Candidate] = []
    for c in cands:
        key = fold(c.name)
        if c.type == "organization" and c.source == "model" and key in not_bodies:
            if not_bodies[key] not in places:
                continue
            c.type = "place"
        kept.append(c)
    return kept
