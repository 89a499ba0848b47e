"""Resolution inside one cable: retype, merge variants, join people, and build the entities.

Order matters: countries first (a country is never a person or an organisation), then people (a form the model
ever calls PERSON, or that a known person's name explains, is a person even where the model said ORG), then the
rest grouped by folded name, with organisation tags contributing their acronym and meaning as aliases.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache

from cablestream.extraction import reference
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.cleantext import CleanText
from cablestream.extraction.kinds import is_place, person_kind
from cablestream.extraction.names import entity_id, fold, smart_title
from cablestream.extraction.persons import Person, cluster, strip_titles
from cablestream.record import Entity, Mention


@cache
def country_aliases() -> dict[str, str]:
    """Folded name or alias -> canonical country name (``u s`` -> ``United States``)."""
    table: dict[str, str] = {}
    for c in reference.countries().values():
        for form in (c.name, *c.aliases):
            table.setdefault(fold(form), c.name)
    return table


def _acronym(text: str) -> str:
    return "".join(w[0] for w in text.split() if w[0].isupper())


_PLACE_OF = re.compile(r"^(?:university|port|city|province|region|mayor|governor|diocese|airport) of (.+)$")


def place_votes(cands: list[Candidate]) -> Counter[str]:
    """Per folded form: place evidence minus person evidence; positive makes the form a place.

    The model's PERSON label weighs as two GPE/LOC labels (it is right more often), three after a title; a
    locative cue (``in Qom``, ``lines to Malaga``, see pipeline) weighs two, ``University of X`` one."""
    votes: Counter[str] = Counter()
    for c in cands:
        key = fold(c.name)
        if c.type == "place" and c.located:
            votes[key] += 2 if c.confidence > 0.6 else 1
        elif c.type == "person" and c.located:
            votes[key] -= 3 if c.confidence > 0.6 else 2
        elif c.type == "organization" and (m := _PLACE_OF.match(key)):
            votes[m.group(1)] += 1
    return votes


def vet_people(cands: list[Candidate], upper_text: bool) -> list[Candidate]:
    """Titles off every person's name, then headers, institutions and places out of the people (see kinds)."""
    kept: list[Candidate] = []
    for c in cands:
        if c.type == "person":
            c.name = strip_titles(c.name)
            kind = person_kind(c.name, upper_text)
            if kind is None:
                continue
            c.type = kind
        kept.append(c)
    # A form the model calls GPE at least as often as PERSON is a place (``Malaga``, ``Qom``), unless it is part
    # of someone's full name in this cable.
    votes = place_votes(kept)
    places = {key for key, vote in votes.items() if vote > 0}
    places -= {w for c in kept if c.type == "person" for w in fold(c.name).split() if len(fold(c.name).split()) > 1}
    for c in kept:
        if c.type == "person" and c.located and is_place(c.name, places):
            c.type = "place"
        elif c.type in ("group", "organization") and c.located and is_place(c.name, frozenset()):
            c.type = "place"  # "in Tunis" read as NORP: a post's city is a place whatever the label
    return kept


def retype(cands: list[Candidate], upper_text: bool = False) -> list[Candidate]:
    aliases = country_aliases()
    groups = {fold(c.name) for c in cands if c.type == "group"} | {a + "s" for a in aliases}
    for c in cands:
        key = fold(c.name)
        if c.type in ("place", "organization", "person") and c.located and key in aliases:
            c.type, c.name = "country", aliases[key]
        elif (
            c.type in ("person", "organization", "place") and c.located and (key in groups or key.rstrip("s") in groups)
        ):
            c.type = "group"  # "Kazakhstanis", "Saudis": the model's people are nationalities
    cands = vet_people(cands, upper_text)
    people = {fold(c.name) for c in cands if c.type == "person"}
    people |= {" ".join(f.split()[i:]) for f in people for i in range(1, len(f.split()))}
    places = {fold(c.name) for c in cands if c.type == "place"}
    for c in cands:
        if c.type in ("organization", "place") and c.located and fold(c.name) in people:
            c.type = "person"
        elif c.type == "organization" and c.located and fold(c.name) in places:
            c.type = "place"  # the model calls a city an ORG in one sentence and a GPE in the next
        elif c.type == "tag" and fold(c.name) in people:
            c.type, c.key = "person", None
    return cands


def _org_aliases(cands: list[Candidate]) -> dict[str, str]:
    table: dict[str, str] = {}
    for c in cands:
        if c.type == "organization" and c.source == "rule" and c.text:
            for form in (c.text, c.name, _acronym(c.name)):
                table.setdefault(fold(form), fold(c.name))
    return table


def group(cands: list[Candidate]) -> dict[tuple[str, str], list[Candidate]]:
    people: dict[str, Person] = cluster([c.name for c in cands if c.type == "person"])
    orgs = _org_aliases(cands)
    groups: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in cands:
        key = fold(c.name)
        if c.type == "person" and key in people:
            key = fold(people[key].name)
        elif c.type == "organization":
            key = orgs.get(key, key)
        groups[(c.type, c.key or key)].append(c)
    return groups


def extra_person_mentions(groups: dict[tuple[str, str], list[Candidate]], clean: CleanText, body: str) -> None:
    """Surnames the model missed in some sentences still count: add them where no other mention sits."""
    taken = [(c.start, c.end) for cs in groups.values() for c in cs if c.start is not None and c.end is not None]
    for (kind, _), cands in groups.items():
        if kind != "person":
            continue
        surname = _display(cands).split()[-1]
        if len(surname) < 4 or not surname[0].isupper():
            continue
        for m in re.finditer(rf"\b{re.escape(surname)}\b", clean.text):
            start, end = clean.to_body(m.start(), m.end())
            if all(end <= s or start >= e for s, e in taken):
                cands.append(Candidate("person", surname, "model", 0.6, start, end, body[start:end]))
                taken.append((start, end))


def _display(cands: list[Candidate]) -> str:
    rule = [c.name for c in cands if c.source == "rule" and c.type != "tag"]
    if rule:
        return max(rule, key=lambda n: len(n.split()))
    forms = Counter(c.name for c in cands)
    longest = max(len(f.split()) for f in forms)
    return max((f for f in forms if len(f.split()) == longest), key=lambda f: forms[f])


def to_entity(kind: str, key: str, cands: list[Candidate], body: str) -> Entity:
    name = smart_title(_display(cands)) if kind == "person" else _display(cands)
    spans = sorted({(c.start, c.end) for c in cands if c.start is not None and c.end is not None})
    mentions = [Mention(start=s, end=e, text=body[s:e]) for s, e in spans]
    rule = any(c.source == "rule" for c in cands)
    confidence = max(c.confidence for c in cands) if rule else min(0.95, 0.5 + 0.1 * len(mentions))
    ident = f"{kind}:{key}" if any(c.key for c in cands) else entity_id(kind, name)
    return Entity(
        id=ident,
        type=kind,
        name=name,
        count=max(len(mentions), 1),
        mentions=mentions,
        source="rule" if rule else "model",
        confidence=round(confidence, 2),
    )


def resolve(cands: list[Candidate], clean: CleanText, body: str) -> list[Entity]:
    groups = group(retype(cands, clean.upper))
    extra_person_mentions(groups, clean, body)
    entities = [to_entity(kind, key, cs, body) for (kind, key), cs in groups.items()]
    return sorted(entities, key=lambda e: (e.type, -e.count, e.id))
