"""The seed cables: the people an analyst expects, each once, and nothing made of header lines or markings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cablestream.extraction import extract_entities
from cablestream.extraction.junk import JUNK_WORDS
from cablestream.extraction.names import fold
from cablestream.record import Cable

EXPECTED = {
    "09ASTANA497.txt": ["Zhanar Aitzhanova", "Karim Masimov", "Nazarbayev"],
    "09ASTANA1145.txt": ["Zhanar Aitzhanova", "Nazarbayev", "Putin", "Claudio Lilienfeld"],
}


def _people(cable: Cable) -> list[str]:
    return [e.name for e in extract_entities(cable) if e.type == "person"]


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_seed_people_once_each(cable: Callable[[str], Cable], name: str, expected: list[str]) -> None:
    people = _people(cable(name))
    for person in expected:
        surname = fold(person).split()[-1]
        matching = [p for p in people if fold(p).split()[-1] == surname]
        assert len(matching) == 1, (person, people)
        assert fold(person) in fold(matching[0]), (person, matching)


def test_surname_alone_is_a_person_not_an_org(cable: Callable[[str], Cable]) -> None:
    entities = extract_entities(cable("09ASTANA497.txt"))
    aitz = next(e for e in entities if e.id == "person:zhanar-aitzhanova")
    assert {m.text for m in aitz.mentions} >= {"Zhanar Aitzhanova", "Aitzhanova"}
    assert not [e for e in entities if "aitzhanova" in e.id and e.type != "person"]


@pytest.mark.parametrize("name", EXPECTED)
def test_no_header_or_marking_entities(cable: Callable[[str], Cable], name: str) -> None:
    c = cable(name)
    for e in extract_entities(c):
        if e.type in ("post", "subject", "program", "cable", "country"):
            continue  # structural entities are read from the header on purpose
        assert fold(e.name) not in JUNK_WORDS, e
        assert not any(w in fold(e.name).split() for w in ("sbu", "sipdis", "ruehc", "secstate", "washdc")), e
        for m in e.mentions:
            assert c.body[m.start : m.end] == m.text
            assert "\n\n" not in m.text and "¶" not in m.text, e


def test_ids_are_stable_across_cables(cable: Callable[[str], Cable]) -> None:
    ids = [{e.id for e in extract_entities(cable(n))} for n in EXPECTED]
    assert {"person:zhanar-aitzhanova", "country:kazakhstan", "post:amembassy-astana"} <= ids[0] & ids[1]
