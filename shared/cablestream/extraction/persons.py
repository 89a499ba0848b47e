"""People inside one cable: strip titles, then join surnames and title + surname to the full name.

``Aitzhanova``, ``Vice Minister Aitzhanova`` and the typo ``Aitzhnova`` all join ``Zhanar Aitzhanova`` when that
full name appears anywhere in the cable (or in its TAGS, signer or ``Classified By`` line).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cablestream.extraction.names import PARTICLES, fold
from cablestream.extraction.titles import ROYAL, TITLE_WORDS, strip_titles

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


_SUFFIXES = frozenset({"ii", "iii", "iv", "vi", "jr", "sr"})


def name_tokens(name: str) -> list[str]:
    """Folded words of a name without its regnal or generational suffix (``Abdullah II`` -> ``abdullah``)."""
    tokens = fold(name).split()
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens = tokens[:-1]
    return tokens


def _given(tokens: list[str]) -> list[str]:
    """Given names: the words before the surname, particles left out (``da`` of ``Lula da Silva``)."""
    return [t for t in tokens[:-1] if t not in PARTICLES and t not in ROYAL]  # ``Princess Mahnaz``: no given name


@dataclass(slots=True)
class Person:
    name: str
    forms: set[str] = field(default_factory=set)

    @property
    def tokens(self) -> list[str]:
        return name_tokens(self.name)

    @property
    def surname(self) -> str:
        return self.tokens[-1] if self.tokens else ""


def _compatible(full: Person, tokens: list[str]) -> bool:
    """Same surname and the given names do not contradict (``Richard E. Hoagland`` ~ ``Richard Eugene Hoagland``,
    ``de Villepin`` ~ ``Dominique de Villepin``)."""
    if full.surname != tokens[-1]:
        return False
    mine, theirs = _given(full.tokens), _given(tokens)
    return not mine or not theirs or mine[0][0] == theirs[0][0]


def cluster(names: list[str]) -> dict[str, Person]:
    """Map each folded name form to its person: full names first (longest wins), then single words."""
    people: list[Person] = []
    # dict.fromkeys, not a set: ties keep the order of first appearance, so a bare surname shared by two people
    # joins the same one in every run (set order changes with the process's hash seed).
    multi = sorted(dict.fromkeys(n for n in names if len(name_tokens(n)) > 1), key=lambda n: -len(name_tokens(n)))
    for name in multi:
        tokens = name_tokens(name)
        match = next((p for p in people if _compatible(p, tokens)), None) or _royal_given(people, tokens)
        if match is None:
            people.append(Person(name))
            match = people[-1]
        match.forms.add(fold(name))
    for name in (n for n in names if len(name_tokens(n)) == 1):
        key = name_tokens(name)[0]
        match = _single(people, key)
        if match is None:
            people.append(Person(name))
            match = people[-1]
        match.forms.add(fold(name))
    return {form: p for p in people for form in p.forms}


def _royal_given(people: list[Person], tokens: list[str]) -> Person | None:
    """``Prince Khaled`` (or ``Prince Khalid``) is ``Prince Khaled bin Sultan``: a royal is called by title and
    given name, so the one longer royal name of the cable that starts with that given name (spelled alike, or
    one letter off) is the person (2.6.0)."""
    if len(tokens) != 2 or tokens[0] not in ROYAL:
        return None
    given = tokens[1]
    named = [p for p in people if len(p.tokens) > 2 and p.tokens[0] == tokens[0]
             and (p.tokens[1] == given or (len(given) >= 5 and _distance_one(p.tokens[1], given)))]
    return named[0] if len(named) == 1 else None


def _single(people: list[Person], key: str) -> Person | None:
    by_surname = [p for p in people if p.surname == key]
    if by_surname:
        return by_surname[0]
    by_token = [p for p in people if key in p.tokens[1:]]
    if len(by_token) == 1:
        return by_token[0]
    # A given name alone (``Steve`` for ``Steve Tshwete``, ``Lula`` for ``Lula da Silva``) when one person has it.
    by_given = [p for p in people if len(p.tokens) > 1 and p.tokens[0] == key]
    if len(by_given) == 1:
        return by_given[0]
    fuzzy = [p for p in people if len(key) >= 6 and len(p.tokens) > 1 and _distance_one(p.surname, key)]
    return fuzzy[0] if len(fuzzy) == 1 else None


def leading_offices(names: list[str]) -> frozenset[str]:
    """Leading words the cable puts before both a person's full name and the surname alone (``Manager Ozlem
    Imece``, ``Manager Imece``): a word that goes with the surname and with the given name is an office, not a
    given name.  Folded words."""
    rests: dict[str, set[tuple[str, ...]]] = {}
    for name in names:
        tokens = name_tokens(name)
        if len(tokens) > 1 and tokens[0] not in PARTICLES:
            rests.setdefault(tokens[0], set()).add(tuple(tokens[1:]))
    return frozenset(
        word for word, tails in rests.items()
        if any(len(a) == 1 and len(b) > 1 and a[-1] == b[-1] for a in tails for b in tails)
    )
