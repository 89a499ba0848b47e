"""People inside one cable: strip titles, then join surnames and title + surname to the full name.

``Aitzhanova``, ``Vice Minister Aitzhanova`` and the typo ``Aitzhnova`` all join ``Zhanar Aitzhanova`` when that
full name appears anywhere in the cable (or in its TAGS, signer or ``Classified By`` line).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cablestream.extraction.names import fold
from cablestream.extraction.titles import TITLE_WORDS, strip_titles

__all__ = ["TITLE_WORDS", "Person", "cluster", "strip_titles"]


def _distance_one(a: str, b: str) -> bool:
    """True if a and b differ by at most one insertion, deletion or substitution (typos like Aitzhnova)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


@dataclass(slots=True)
class Person:
    name: str
    forms: set[str] = field(default_factory=set)

    @property
    def tokens(self) -> list[str]:
        return fold(self.name).split()

    @property
    def surname(self) -> str:
        return self.tokens[-1] if self.tokens else ""


def _compatible(full: Person, tokens: list[str]) -> bool:
    """Same surname and the given names do not contradict (``Richard E. Hoagland`` ~ ``Richard Eugene Hoagland``)."""
    if full.surname != tokens[-1]:
        return False
    mine, theirs = full.tokens[:-1], tokens[:-1]
    return not mine or not theirs or mine[0][0] == theirs[0][0]


def cluster(names: list[str]) -> dict[str, Person]:
    """Map each folded name form to its person: full names first (longest wins), then single words."""
    people: list[Person] = []
    # dict.fromkeys, not a set: ties keep the order of first appearance, so a bare surname shared by two people
    # joins the same one in every run (set order changes with the process's hash seed).
    multi = sorted(dict.fromkeys(n for n in names if len(fold(n).split()) > 1), key=lambda n: -len(fold(n).split()))
    for name in multi:
        tokens = fold(name).split()
        match = next((p for p in people if _compatible(p, tokens)), None)
        if match is None:
            people.append(Person(name))
            match = people[-1]
        match.forms.add(fold(name))
    for name in (n for n in names if len(fold(n).split()) == 1):
        key = fold(name)
        match = _single(people, key)
        if match is None:
            people.append(Person(name))
            match = people[-1]
        match.forms.add(key)
    return {form: p for p in people for form in p.forms}


def _single(people: list[Person], key: str) -> Person | None:
    by_surname = [p for p in people if p.surname == key]
    if by_surname:
        return by_surname[0]
    by_token = [p for p in people if key in p.tokens[1:]]
    if len(by_token) == 1:
        return by_token[0]
    fuzzy = [p for p in people if len(key) >= 6 and len(p.tokens) > 1 and _distance_one(p.surname, key)]
    return fuzzy[0] if len(fuzzy) == 1 else None
