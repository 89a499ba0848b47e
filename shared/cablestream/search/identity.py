"""One identity per person across the archive: when two person entities are the same person (pure rules).

Inside one cable the extractor already joins ``Nazarbayev`` to ``Nursultan Nazarbayev``.  Across cables
only these rules do, at query time, over every person name the entities index holds for one surname:

- a name is its given names and a surname key (``search.person_names``: ``al-Asad`` -> ``asad``,
  ``Peter van Walsum`` -> ``peter`` + ``walsum``; ``NAZARBAYEV, NURSULTAN`` is read surname first);
- two names are compatible when their first given names agree (equal, an initial, or a short form:
  ``E``/``Eugene``, ``Phil``/``Philip``) and so do the middle names both write, position by position;
  a name without given names is compatible with every name of its surname;
- names join from the most to the least informative: a name joins the one group it agrees with entirely
  and touches no other, starts a group when it agrees with none, and stays apart otherwise, naming the
  groups it may belong to.  So ``Castro`` stays apart while the archive holds ``Fidel`` and ``Raul Castro``,
  and joins ``Nursultan Nazarbayev`` while he is the only Nazarbayev with a first name.

Precision comes first: a wrong merge hides a person, a missed one only splits his cables in two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

_SHORT_FORM = 3  # Phil/Philip, Kris/Krishna; shorter prefixes (Al/Albert) say too little


@dataclass(frozen=True)
class PersonName:
    """A person's name as compared: read from a display name by ``search.person_names.parse_name`` when
    the entity is written, and kept in its document (``given``, ``surname``)."""

    given: tuple[str, ...]  # folded given names in order, particles left out
    surname: str  # the key two names must share: the last word, folded, leading particles cut

    @property
    def full_words(self) -> int:
        return sum(len(g) > 1 for g in self.given)


@dataclass(frozen=True)
class Identity:
    """What one entity id denotes: the person ``canonical`` stands for, with every id that names him."""

    canonical: str
    members: tuple[str, ...]  # canonical first, then the others from most to least informative
    candidates: tuple[str, ...] = ()  # apart, ambiguous: the canonical ids of the people it may be

    @classmethod
    def alone(cls, entity_id: str) -> Identity:
        return cls(entity_id, (entity_id,))


def same_given(a: str, b: str) -> bool:
    """``e`` ~ ``eugene``, ``phil`` ~ ``philip``, ``jean-louis`` ~ ``jean-louis``; ``ali`` !~ ``ahmad``."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) == 1:
        return short == long_[0]
    return len(short) >= _SHORT_FORM and long_.startswith(short)


def compatible(a: PersonName, b: PersonName) -> bool:
    if a.surname != b.surname:
        return False
    if not a.given or not b.given:
        return True
    # Middle names are optional, but two that are written must agree where they stand: George W. Bush
    # is not George Herbert Walker Bush.
    return all(same_given(x, y) for x, y in zip(a.given, b.given, strict=False))


def _informative(entity_id: str, name: PersonName) -> tuple[int, int, int, str]:
    # Full given names first, then how many, then how long; the id last, so the order never depends on
    # the order the index answered in.
    return (-name.full_words, -len(name.given), -sum(map(len, name.given)), entity_id)


def resolve(names: Mapping[str, PersonName]) -> dict[str, Identity]:
    """The identity of every person id in ``names``, all surnames at once (a name whose surname folded
    to nothing, written in another script, is left out: it stands alone)."""
    by_surname: dict[str, dict[str, PersonName]] = defaultdict(dict)
    for entity_id, name in names.items():
        if name.surname:
            by_surname[name.surname][entity_id] = name
    out: dict[str, Identity] = {}
    for people in by_surname.values():
        out |= _resolve_surname(people)
    return out


def _resolve_surname(people: Mapping[str, PersonName]) -> dict[str, Identity]:
    groups: list[list[str]] = []
    apart: dict[str, list[int]] = {}
    for entity_id in sorted(people, key=lambda i: _informative(i, people[i])):
        name = people[entity_id]
        touched = [k for k, group in enumerate(groups) if any(compatible(name, people[m]) for m in group)]
        if not touched:
            groups.append([entity_id])
        elif len(touched) == 1 and all(compatible(name, people[m]) for m in groups[touched[0]]):
            groups[touched[0]].append(entity_id)
        else:
            apart[entity_id] = touched
    out = {m: Identity(group[0], tuple(group)) for group in groups for m in group}
    for entity_id, touched in apart.items():
        out[entity_id] = Identity(entity_id, (entity_id,), tuple(groups[k][0] for k in touched))
    return out

