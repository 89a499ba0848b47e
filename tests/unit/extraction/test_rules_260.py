"""Rules of extractor 2.6.0, found on a second fresh set of blind-annotated cables; snippets are real text."""

from __future__ import annotations

import re

from cablestream.extraction import personcues, reference
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.context import places_that_speak
from cablestream.extraction.evidence import bodies_by_definition
from cablestream.extraction.kinds import NOT_ORG_HEADS, ORG_WORDS, org_kind, person_kind, vet_orgs
from cablestream.extraction.persons import cluster
from cablestream.extraction.pipeline import _CLITIC, _LINKED_AFTER
from cablestream.extraction.placing import governed_places


def _found(kind: str, body: str, *names: str, at: str = "index") -> list[Candidate]:
    out = []
    for name in names:
        start = getattr(body, at)(name)
        out.append(Candidate(kind, name, "model", 0.6, start, start + len(name), name))
    return out


def test_a_royal_called_by_title_and_given_name_is_the_royal_of_the_longer_name() -> None:
    people = cluster(["Prince Khaled bin Sultan", "Prince Khaled", "Prince Khalid"])
    assert people["prince khaled"] is people["prince khaled bin sultan"] is people["prince khalid"]
    # Two royals who share the given name: the short form stays apart rather than guess.
    two = cluster(["Prince Mohammed bin Nayef", "Prince Mohammed bin Salman", "Prince Mohammed"])
    assert two["prince mohammed"] is not two["prince mohammed bin nayef"]
    assert two["prince mohammed"] is not two["prince mohammed bin salman"]


def test_a_place_before_governor_or_mayor_is_governed() -> None:
    body = "such as Balkh Governor Atta, of distributing weapons to groups in Konduz and Balkh as part of"
    cands = _found("person", body, "Balkh", "Atta", at="rindex")
    governed_places(cands, body)
    assert [(c.name, c.type) for c in cands] == [("Balkh", "place"), ("Atta", "person")]
    # A word of a full name of the cable stays a person (``Baker`` of ``James Baker``).
    body = "James Baker met Baker Mayor Smith, and Baker said"
    cands = _found("person", body, "James Baker", "Baker", at="rindex")
    governed_places(cands, body)
    assert [c.type for c in cands] == ["person", "person"]


def test_a_war_or_a_numbered_event_is_no_name() -> None:
    assert person_kind("World War II", False) is None
    assert person_kind("World War", False) is None
    assert person_kind("Hassan II", False) == "person"
    cand = Candidate("organization", "World War II", "model", 0.6, 0, 12, "World War II")
    assert org_kind(cand, reference.common_words()) is None


def test_a_gerund_headed_expansion_is_no_body() -> None:
    body = ("condition future Foreign Military Financing (FMF) on it; the Lord's Resistance Army (LRA) and "
            "FMF; the Foreign Military Financing; the LRA")
    cands = _found("organization", body, "FMF", "Foreign Military Financing", "LRA", at="rindex")
    kept = bodies_by_definition(cands, body, ORG_WORDS, NOT_ORG_HEADS)
    assert [c.name for c in kept] == ["LRA"]


def test_a_nested_title_complement_is_no_part_of_the_name() -> None:
    text = "MFA Director for the Protection of Algerian Citizens Overseas Hocine Sahraoui, a representative"
    start, end = text.index("Algerian"), text.index(",")
    assert text[personcues.name_start(text, start, end, reference.common_words(), frozenset()) : end] == (
        "Hocine Sahraoui"
    )
    text = "(C) Secretary General of the Presidency Bernardino Leon said"
    start, end = text.index("Presidency"), text.index(" said")
    assert text[personcues.name_start(text, start, end, reference.common_words(), frozenset()) : end] == (
        "Bernardino Leon"
    )


def test_a_place_that_speaks_is_a_person() -> None:
    body = ("with Goran Lennmarker and Urban Ahlin, the government's critic. Ahlin said the troops would stay. "
            "Ahlin asked us for help. Moscow said no. Moscow insisted.")
    cands = [Candidate("place", m.group(), "model", 0.6, m.start(), m.end(), m.group())
             for m in re.finditer(r"Ahlin|Moscow", body)]
    places_that_speak(cands, body, upper=False)
    assert {(c.name, c.type) for c in cands} == {("Ahlin", "person"), ("Moscow", "place")}
    assert len(cands) == 5


def test_a_linked_place_name_and_a_possessive_in_a_span() -> None:
    text = "the UK PRT in Mazar-i-Sharif. The Sweden-led PRT in Mazar-e Sharif from"
    end = text.index("Mazar") + len("Mazar")
    m = _LINKED_AFTER.match(text, end)
    assert m and text[end - 5 : m.end()] == "Mazar-i-Sharif"
    end = text.rindex("Mazar") + len("Mazar")
    m = _LINKED_AFTER.match(text, end)
    assert m and text[end - 5 : m.end()] == "Mazar-e Sharif"
    assert _LINKED_AFTER.match("Kabul-based", 5) is None
    text = "in the city’s Chaoyang district"
    m = _CLITIC.match(text, text.index("’s"))
    assert m and text[m.end() :].startswith("Chaoyang")


def test_a_facility_is_no_body_and_a_forest_is_a_place() -> None:
    ordinary = reference.common_words()
    for name in ("Isa Air Base", "Kabul International Airport", "Presidential Palace", "New Embassy Compound",
                 "Serena Hotel"):
        assert org_kind(Candidate("organization", name, "model", 0.6, 0, len(name), name), ordinary) is None, name
    for name in ("Kabul Bank", "Islamic Supreme Council", "Palestine Liberation Organization"):
        assert org_kind(Candidate("organization", name, "model", 0.6, 0, len(name), name), ordinary), name
    cands = [Candidate("organization", "Amazon Forest", "model", 0.6, 0, 13, "Amazon Forest")]
    assert [c.type for c in vet_orgs(cands, upper_text=False)] == ["place"]


def test_a_long_name_the_model_cut_short_runs_on() -> None:
    ordinary = reference.common_words()

    def run(text: str, span: str) -> str:
        start = text.index(span)
        return text[start : personcues.name_run_end(text, start, start + len(span), ordinary, frozenset())]

    text = "in close consultation with Ayatollah Mohammad Taghi Mesbah Yazdi and Kayhan editor-in-chief"
    assert run(text, "Mohammad Taghi") == "Mohammad Taghi Mesbah Yazdi"
    assert run("leader Jean-Marie Le Pen, who", "Jean-Marie Le") == "Jean-Marie Le Pen"
    # Not over a date, an ordinary word, a country, one word alone, or a run that goes on.
    assert run("met Nicolas Sarkozy Tuesday and", "Nicolas Sarkozy") == "Nicolas Sarkozy"
    assert run("said Hamid Karzai Government officials", "Hamid Karzai") == "Hamid Karzai"
    assert run("with Hamid Karzai Afghanistan's", "Hamid Karzai") == "Hamid Karzai"
    assert run("said Karzai Barakzai and", "Karzai") == "Karzai"
    assert run("with Hamid Karzai Gul Agha Sherzai Khalid", "Hamid Karzai") == "Hamid Karzai"


def test_a_particle_and_surname_after_a_span_and_foreign_institution_words() -> None:
    text = "replaced Glos with its Secretary General Karl-Theodor zu Guttenberg, a decision"
    start = text.index("Karl")
    assert text[start : personcues.person_end(text, start, start + len("Karl-Theodor"))] == (
        "Karl-Theodor zu Guttenberg"
    )
    text = "talks between Colombia and Venezuela de Colombia"  # a country after the particle is no surname
    start = text.index("Venezuela")
    assert personcues.person_end(text, start, start + len("Venezuela")) == start + len("Venezuela")
    people = cluster(["Zu Guttenberg", "Karl-Theodor zu Guttenberg"])
    assert people["zu guttenberg"].name == "Karl-Theodor zu Guttenberg"
    for name in ("Partido Socialista Obrero Espanol", "Banco Federal", "Fundacao Amazonas"):
        assert person_kind(name, False) == "organization", name
    assert person_kind("Moussa Dadis Camara", False) == "person"


def test_a_person_that_is_a_country_once_its_ordinary_word_goes() -> None:
    from cablestream.extraction.kinds import vet_people

    cands = [Candidate("person", "Bomb Iran", "model", 0.6, 0, 9, "Bomb Iran")]
    kept = vet_people(cands, upper_text=False, ordinary=reference.common_words())
    assert [(c.type, c.name) for c in kept] == [("country", "Iran")]
