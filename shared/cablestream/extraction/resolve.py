"""Resolution inside one cable: retype, merge variants, join people, and build the entities.

Order matters: countries first (a country is never a person or an organisation), then people (a form the model
ever calls PERSON, or that a known person's name explains, is a person even where the model said ORG), then the
rest grouped by folded name, with organisation tags contributing their acronym and meaning as aliases.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache

from cablestream.extraction import acronyms, bodies, context, evidence, personcues, placing, reference
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.cleantext import CleanText
from cablestream.extraction.evidence import country_aliases, demonyms
from cablestream.extraction.kinds import (
    NOT_ORG_HEADS,
    ORG_WORDS,
    PLACE_HEADS,
    known_orgs,
    person_kind,
    post_cities,
    vet_orgs,
    vet_people,
)
from cablestream.extraction.names import PARTICLES, bounded_id, entity_id, fold, smart_title, wordset
from cablestream.extraction.persons import Person, cluster, leading_offices, strip_titles
from cablestream.extraction.titles import PERSONAL_TITLES, TITLE_WORDS
from cablestream.record import Entity, Mention


@cache
def nations() -> frozenset[str]:
    """Every country form and nationality word, folded: built once, not per cable."""
    return frozenset(country_aliases()) | demonyms()


def _acronym(text: str) -> str:
    return "".join(w[0] for w in text.split() if w[0].isupper())


def retype(
    cands: list[Candidate], upper_text: bool = False, ordinary: frozenset[str] = frozenset(), body: str = ""
) -> list[Candidate]:
    aliases = country_aliases()
    # A form the model labels NORP is a people, unless it labels it PERSON more often (``TAHERI`` five times
    # PERSON, once NORP, is a man).
    votes = Counter(fold(c.name) for c in cands if c.type == "group")
    votes.subtract(fold(c.name) for c in cands if c.type == "person" and c.source == "model")
    groups = {key for key, vote in votes.items() if vote >= 0} | {a + "s" for a in aliases} | demonyms()
    for c in cands:
        key = fold(c.name)
        key = key[4:] if key.startswith("the ") and key[4:] in aliases else key  # ``The UK`` (2.5.0)
        if c.type in ("place", "organization", "person") and c.located and key in aliases:
            c.type, c.name = "country", aliases[key]
        elif (
            c.type in ("person", "organization", "place") and c.located and (key in groups or key.rstrip("s") in groups)
        ):
            c.type = "group"  # "Kazakhstanis", "Saudis": the model's people are nationalities
    if not upper_text:
        surnames = {fold(c.name).split()[-1] for c in cands if c.type == "person" and fold(c.name)}
        cands = [_person_in_org(c, ordinary, surnames) for c in cands]
    cands = vet_orgs(vet_people(cands, upper_text, ordinary), upper_text)
    if body and not upper_text:
        cands = evidence.bodies_by_definition(cands, body, ORG_WORDS, NOT_ORG_HEADS, PLACE_HEADS)
    evidence.places_by_company(cands, body)
    if body:
        placing.governed_places(cands, body)
        context.located_people(cands, body)
        context.peoples_by_number(cands, body)
        cands = context.people_by_context(cands, body, upper_text)
        cands = personcues.facility_names(cands, body)
        context.orgs_that_are_people(cands, body, upper_text, ordinary, nations())
        context.places_that_speak(cands, body, upper_text)
        cands = context.people_in_lists(cands, upper_text, ordinary)
        cands = context.class_acronyms(cands, body, upper_text)
        cands = bodies.kinds_not_bodies(cands, body, upper_text)
        cands = bodies.inside_bodies(cands, body, upper_text)
        cands = bodies.modifiers(cands, body, upper_text)
        cands = bodies.labels_and_ideas(cands, body, upper_text)
        cands = bodies.things_by_head(cands, ordinary, ORG_WORDS, NOT_ORG_HEADS, upper_text)
        cands = placing.places_by_definition(cands, body, ORG_WORDS, NOT_ORG_HEADS)
        placing.territories(cands, ordinary)
        placing.bodies_read_as_places(cands)
        cands = placing.joined_places(cands)
        cands = placing.writer_posts(cands, body)
        bodies.people_by_initials(cands, body, upper_text)
        cands = bodies.national_things(cands, nations(), ordinary, ORG_WORDS)
        cands = context.portfolios(cands, body, upper_text)
    if body:
        _governments(cands, body)
    offices = leading_offices([c.name for c in cands if c.type == "person" and c.source == "model"])
    if offices:
        cands = [c for c in cands if not (c.type == "person" and c.source == "model" and fold(c.name) in offices)]
    for c in cands:
        if c.type == "person" and c.source == "model" and " " in c.name and fold(c.name).split()[0] in offices:
            c.name = c.name.split(maxsplit=1)[1]
    people = {fold(c.name) for c in cands if c.type == "person"}
    given = _given_names(cands, ordinary)
    alone: dict[str, int] = {}  # where each one-word ORG or place is first written: every form moves, or none
    for c in cands:
        if c.type in ("organization", "place") and c.start is not None and (key := fold(c.name)) in given:
            alone[key] = min(alone.get(key, c.start), c.start)
    given = {w: at for w, at in given.items() if w in alone and at < alone[w]}
    people |= {" ".join(f.split()[i:]) for f in people for i in range(1, len(f.split()))}
    # A form that is a known organisation or the short name of a party the cable names (``Kadima`` beside
    # ``Kadima Party``) stays a body where the model also calls it a place (2.3.0: both moves ran, and swapped).
    named = known_orgs() | placing.short_names(cands)
    places = {fold(c.name) for c in cands if c.type == "place"} - named
    for c in cands:
        if c.type in ("organization", "place") and c.located and fold(c.name) in people:
            c.type = "person"
        elif _named_person(c, people):
            c.type = "person"  # "Ivo Sanader" read as ORG, "Shriti Vadera" as GPE (2.7.0): the surname is a person
        elif _given_name_used_alone(c, given, body):
            c.type = "person"  # "Dilma", "Nawaz", "Badr" read as ORG or GPE where "Dilma Rousseff" is named
        elif c.type == "organization" and c.located and fold(c.name) in places:
            c.type = "place"  # the model calls a city an ORG in one sentence and a GPE in the next
        elif c.type == "place" and c.source == "model" and fold(c.name) in named:
            c.type = "organization"  # "Hizballah" read as GPE
        elif c.type == "tag" and fold(c.name) in people:
            c.type, c.key = "person", None
    return cands


def _governments(cands: list[Candidate], body: str) -> None:
    """``GOI`` where the cable names Iraq is its government, whatever the model read (2.7.0)."""
    forms = acronyms.governments(body)
    for c in cands:
        if c.name in forms and c.type in ("place", "country", "person", "organization", "group"):
            c.type, c.key = "organization", None


# The generic words that open place names (``Santa Marta``, ``Sierra Leone``, ``Port Louis``): such a place
# ending on a person's surname is still a place (2.7.0).
_TOPONYM_OPENERS = wordset(
    "san santa santo sao saint st sainte sierra port porto puerto mount mont monte lake cape fort new ciudad "
    "villa bay gulf rio"
)


def _named_person(c: Candidate, people: set[str]) -> bool:
    """A model ORG or place shaped like a full name whose surname the cable gives a person."""
    if c.type not in ("organization", "place") or c.source != "model" or not c.located:
        return False
    return _named_like(c.name, people) and (c.type == "organization" or fold(c.name).split()[0] not in _TOPONYM_OPENERS)


# A word right before a place that makes the one word after it a place whatever else it names (2.4.0).
_LOCATIVE = frozenset({"in", "at", "from", "near", "into", "outside", "inside", "across", "throughout"})
_CONTINENTS = frozenset({"africa", "asia", "europe", "america", "americas", "eurasia", "oceania"})


def _given_names(cands: list[Candidate], ordinary: frozenset[str]) -> dict[str, int]:
    """The given and middle names of the cable's people of two to four words (``dilma`` of ``dilma rousseff``,
    ``odenbreit`` of ``andre odenbreit carvalho``), each with where the full name is first written: a word the
    cable uses alone for that person once it has named them in full.  Only names every word of which is a
    name's (no place, region, title, institution or ordinary word: ``Zanakhan District``, ``Eurasia Roland
    Galharague`` explain nothing)."""
    first: dict[str, int] = {}
    for c in cands:
        words = fold(c.name).split()
        if c.type != "person" or c.start is None or not 2 <= len(words) <= 4:
            continue
        if all(_name_word(x, ordinary) for x in words):
            for w in words[:-1]:
                if len(w) > 2 and w not in PARTICLES:
                    first[w] = min(first.get(w, c.start), c.start)
    return first


def _name_word(word: str, ordinary: frozenset[str]) -> bool:
    if word in PARTICLES:
        return True
    return not (word in ordinary or word in ORG_WORDS or word in PLACE_HEADS or word in NOT_ORG_HEADS
                or word in TITLE_WORDS or word in _CONTINENTS or word in country_aliases()
                or word.replace(" ", "") in post_cities())


def _given_name_used_alone(c: Candidate, given: dict[str, int], body: str) -> bool:
    """A one-word model ORG or place, written as a name (capitalised, no acronym), that is the given or middle
    name of a person the cable named in full before any use of the word alone (``given``), and not written
    after a locative (``in Badr``) (2.4.0)."""
    if c.type not in ("organization", "place") or c.source != "model" or not c.located or " " in c.name:
        return False
    if fold(c.name) not in given or not (c.name[:1].isupper() and c.name[1:].islower()):
        return False
    before = body[max(0, c.start - 20):c.start].split()  # type: ignore[operator]
    return not (before and before[-1].lower() in _LOCATIVE)


def _named_like(name: str, people: set[str]) -> bool:
    """Two or three capitalised words, no institution word, ending on a surname the cable names a person by."""
    words = name.split()
    return (
        1 < len(words) <= 3
        and all(w[:1].isupper() and not w.isupper() for w in words)
        and fold(words[-1]) in people
        and person_kind(name, False) == "person"
    )


# Titles only ever put before a person: "General Petraeus" read as ORG is the general.
_PERSONAL_TITLE = re.compile(rf"(?:{PERSONAL_TITLES})\s")


def _person_in_org(c: Candidate, ordinary: frozenset[str], surnames: set[str]) -> Candidate:
    """An ORG span that is an office in front of a name (``SecGen de Hoop Scheffer``, ``U.S. Beyrle``) is that
    person: the office words go, and what stays is shaped like a name (capitalised, no ordinary word, two
    words at least unless the cable names that surname as a person elsewhere), not like an institution."""
    if c.type != "organization" or c.source != "model":
        return c
    name = evidence.person_name(strip_titles(c.name), ordinary)
    if not name or fold(name) == fold(c.name) or len(name.split()) > 4 or person_kind(name, False) != "person":
        return c
    words = name.split()
    shaped = all((w[:1].isupper() and fold(w) not in ordinary) or fold(w) in PARTICLES for w in words)
    if shaped and (len(words) > 1 or fold(name) in surnames or _PERSONAL_TITLE.match(c.name)):
        c.type, c.name = "person", name
    return c


def _org_aliases(cands: list[Candidate]) -> dict[str, str]:
    table: dict[str, str] = {}
    for c in cands:
        if c.type == "organization" and c.source == "rule" and c.text:
            for form in (c.text, c.name, _acronym(c.name)):
                table.setdefault(fold(form), fold(c.name))
    return table


def _defined_aliases(cands: list[Candidate], body: str) -> dict[str, str]:
    """Acronym -> expansion, folded, where the cable spells out a body it names both ways (``the European Union
    (EU)``): one entity, as the annotation guide has it (2.8.0)."""
    orgs = {fold(c.name) for c in cands if c.type == "organization"}
    pairs = ((fold(a), fold(e)) for a, e in evidence.definitions(body).items()) if "(" in body else ()
    return {a: e for a, e in pairs if a in orgs and e in orgs and a != e}


def group(cands: list[Candidate], body: str = "") -> dict[tuple[str, str], list[Candidate]]:
    people: dict[str, Person] = cluster([c.name for c in cands if c.type == "person"])
    orgs = _defined_aliases(cands, body) | _org_aliases(cands)
    groups: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in cands:
        key = fold(c.name)
        if c.type == "person" and key in people:
            key = fold(people[key].name)
        elif c.type == "organization":
            key = orgs.get(key, key)
        groups[(c.type, c.key or key)].append(c)
    return groups


def extra_person_mentions(
    groups: dict[tuple[str, str], list[Candidate]], names: dict[tuple[str, str], str], clean: CleanText, body: str
) -> None:
    """Surnames the model missed in some sentences still count: add them where no other mention sits.

    One pass of one alternation over the text (not one per person), and a byte map of the body's covered
    characters for the "no other mention here" test: this runs on every cable."""
    owners: dict[str, list[Candidate]] = {}
    for gkey, cands in groups.items():
        surname = names[gkey].split()[-1] if gkey[0] == "person" else ""
        if len(surname) >= 4 and surname[0].isupper():
            owners.setdefault(surname, cands)
    if not owners:
        return
    covered = bytearray(len(body))
    for cands in groups.values():
        for c in cands:
            if c.start is not None and c.end is not None:
                covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    alternation = "|".join(re.escape(s) for s in sorted(owners, key=len, reverse=True))
    for m in re.finditer(rf"\b(?:{alternation})\b", clean.text):
        start, end = clean.to_body(m.start(), m.end())
        if covered.find(1, start, end) == -1:
            owners[m.group()].append(Candidate("person", m.group(), "model", 0.6, start, end, body[start:end]))
            covered[start:end] = b"\x01" * (end - start)


def _display(cands: list[Candidate]) -> str:
    rule = [c.name for c in cands if c.source == "rule" and c.type != "tag"]
    if rule:
        return max(rule, key=lambda n: len(n.split()))
    forms = Counter(c.name for c in cands)
    longest = max(len(f.split()) for f in forms)
    return max((f for f in forms if len(f.split()) == longest), key=lambda f: forms[f])


def to_entity(kind: str, key: str, cands: list[Candidate], body: str, display: str | None = None) -> Entity:
    display = display or _display(cands)
    name = smart_title(display) if kind == "person" else display
    spans = sorted({(c.start, c.end) for c in cands if c.start is not None and c.end is not None})
    # Offsets and text come straight from the body: validating thousands of them per cable bought nothing.
    mentions = [Mention.model_construct(start=s, end=e, text=body[s:e]) for s, e in spans]
    rule = any(c.source == "rule" for c in cands)
    confidence = max(c.confidence for c in cands) if rule else min(0.95, 0.5 + 0.1 * len(mentions))
    ident = bounded_id(f"{kind}:{key}") if any(c.key for c in cands) else entity_id(kind, name)
    return Entity(
        id=ident,
        type=kind,
        name=name,
        count=max(len(mentions), 1),
        mentions=mentions,
        source="rule" if rule else "model",
        confidence=round(confidence, 2),
    )


def ordinary_words(clean: CleanText, body: str | None = None) -> frozenset[str]:
    """Words the cable (or the archive) writes in lower case; all-caps text says nothing about case, so only
    the archive's lexicon tells its ordinary words.  Given the body, the archive's words outside it are left
    out (no name looked up can hold them)."""
    return reference.common_words() if clean.upper else evidence.common(evidence.lower_words(clean.text), body)


def _unsupported(cands: list[Candidate], name: str) -> bool:
    """In an all-caps cable, one word read once, by the model alone and with no title (``FESTER``, ``BREAKUP``):
    re-casing capitalised it because the archive's lexicon lacks it, so its capital is no evidence of a name
    (on the tune split 1 such person in 6 was one)."""
    spans = {(c.start, c.end) for c in cands if c.located}
    return " " not in name and len(spans) <= 1 and all(c.source == "model" and c.confidence <= 0.6 for c in cands)


def resolve(
    cands: list[Candidate], clean: CleanText, body: str, ordinary: frozenset[str] | None = None
) -> list[Entity]:
    ordinary = ordinary_words(clean) if ordinary is None else ordinary
    groups = group(retype(cands, clean.upper, ordinary, body), body)
    names = {gkey: _display(cs) for gkey, cs in groups.items()}
    extra_person_mentions(groups, names, clean, body)
    if clean.upper:
        groups = {k: cs for k, cs in groups.items() if not (k[0] == "person" and _unsupported(cs, names[k]))}
    entities = [to_entity(kind, key, cs, body, names[kind, key]) for (kind, key), cs in groups.items()]
    return sorted(entities, key=lambda e: (e.type, -e.count, e.id))
