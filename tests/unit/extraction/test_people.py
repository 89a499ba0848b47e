"""Spans the model calls people that an analyst would not: one test per class of error seen in the corpus."""

from __future__ import annotations

import pytest

from cablestream.extraction import extract_entities
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.junk import is_junk
from cablestream.extraction.kinds import is_place, person_kind, vet_people
from cablestream.extraction.names import smart_title
from cablestream.extraction.titled import find as find_titled
from cablestream.extraction.titles import name_part, strip_titles
from cablestream.record import Cable, Source


def _model(kind: str, name: str, start: int = 0) -> Candidate:
    return Candidate(kind, name, "model", 0.6, start, start + len(name), name)


@pytest.mark.parametrize("name", ["AMEMBASSY HARARE", "SECSTATE WASHDC", "USMISSION GENEVA", "Amconsul Lagos"])
def test_routing_words_are_never_people(name: str) -> None:
    assert person_kind(name, upper_text=name.isupper()) is None


@pytest.mark.parametrize(
    "name", ["ZANU-PF", "MDC-T", "PF", "Al-Haramain Foundation", "Democratic Party", "GoA", "MbZ", "DfT"]
)
def test_parties_and_initials_are_organizations(name: str) -> None:
    assert person_kind(name, upper_text=False) == "organization"


def test_names_with_dashes_and_hyphens_stay_people() -> None:
    for name in ["Kim Jong-il", "Jose Maria Gil-Robles", "-- Kevin Maloney", "Jean-David Levitte", "Ali Al-Sabah"]:
        assert person_kind(name, upper_text=False) == "person", name


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Political Counselor Kathleen M. Fitzpatrick", "Kathleen M. Fitzpatrick"),
        ("Political Minister Counselor Kirk Augustine", "Kirk Augustine"),
        ("Political Minister-Counselor Josiah Rosenblatt", "Josiah Rosenblatt"),
        ("SecDef Rumsfeld", "Rumsfeld"),
        ("SECDEF Rumsfeld", "Rumsfeld"),
        ("General Davis", "Davis"),
        ("DCM Nancy McEldowney", "Nancy McEldowney"),
        ("Counterterrorism - David Johnson", "David Johnson"),
        ("Political Counselor Robert R. Downes For", "Robert R. Downes"),
        ("Prime Minister Karim Masimov", "Karim Masimov"),
        ("A/DCM Kathleen Fitzpatrick", "Kathleen Fitzpatrick"),
        ("Deputy Chief of Mission Hugo Llorens", "Hugo Llorens"),
        ("Classified By Deputy Chief of Mission David S. Sedney", "David S. Sedney"),
        ("MOD Jobim", "Jobim"),
        ("He Yafei", "He Yafei"),
    ],
)
def test_titles_and_offices_leave_the_canonical_name(written: str, name: str) -> None:
    assert strip_titles(written) == name


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Classified Website", None),
        ("Terrorism Counter", None),
        ("Background", None),
        ("Director General", None),
        ("Civilian Household", "organization"),
        ("Statistics Foundation", "organization"),
        ("Ministry of Finance", "organization"),
    ],
)
def test_words_that_make_a_span_a_non_person(name: str, kind: str | None) -> None:
    assert person_kind(name, upper_text=False) == kind


def test_places_from_post_cities_and_the_models_own_gpe_labels() -> None:
    assert (
        is_place("Sao Paulo", set())
        and is_place("HARARE", set())
        and is_place("Porto Alegre", set())
        and not is_place("Kayani", set())
    )
    cued = Candidate("place", "Malaga", "model", 0.7, 0, 6, "Malaga")  # "lines to Malaga" (pipeline's cue)
    malaga = [cued, _model("person", "Malaga", 50), _model("organization", "University of Malaga")]
    kayani = [_model("person", "Kayani", 80), _model("place", "Kayani", 99), _model("place", "Kayani", 120)]
    kept = vet_people([*malaga, *kayani], False)
    got = [(c.type, c.name) for c in kept]
    assert got[:2] == [("place", "Malaga"), ("place", "Malaga")]
    assert got[3:] == [("person", "Kayani"), ("place", "Kayani"), ("place", "Kayani")]  # retype joins them later


def test_a_city_in_a_full_name_stays_a_name() -> None:
    kept = vet_people([_model("person", "Victoria Nuland"), _model("place", "Victoria", 40)], False)
    kept += vet_people([_model("person", "Victoria", 60)], False)
    assert kept[0].type == "person"


@pytest.mark.parametrize(
    ("caps", "display"),
    [
        ("MORGAN TSVANGIRAI", "Morgan Tsvangirai"),
        ("ISAAC MATONGO", "Isaac Matongo"),
        ("JOHN MCDONALD", "John McDonald"),
        ("JOAO DE BARROS", "Joao de Barros"),
        ("JOSE MARIA GIL-ROBLES", "Jose Maria Gil-Robles"),
        ("SUSAN E. RICE", "Susan E. Rice"),
        ("Kim Jong-il", "Kim Jong-il"),
    ],
)
def test_all_caps_names_are_displayed_in_title_case(caps: str, display: str) -> None:
    assert smart_title(caps) == display


def test_tagged_topic_is_not_a_person(nlp_loaded: None) -> None:
    body = "1. (C) President Saleh met SecDef Rumsfeld in Sanaa. Rumsfeld has a daughter in Porto Alegre.\n\nKRAJESKI\n"
    cable = Cable(
        reference_id="04SANAA2346",
        tags=["PTER", "YM", "COUNTER, TERRORISM"],
        to=[],
        body=body,
        signers=["KRAJESKI"],
        source=Source(format="text"),
        parser_version="t",
    )
    entities = extract_entities(cable)
    people = {e.name: e for e in entities if e.type == "person"}
    assert "Terrorism Counter" not in people and "Porto Alegre" not in people
    assert "Rumsfeld" in people and "SecDef Rumsfeld" not in people
    for e in entities:
        assert all(body[m.start : m.end] == m.text for m in e.mentions)


def test_dashes_and_blank_lines_bound_a_name() -> None:
    assert name_part("Local Governments -- Michele Alliot-Marie") == "Michele Alliot-Marie"
    assert name_part("Stephen Mull\n-- Acting Assistant Secretary") == "Stephen Mull"
    text = "IDB and Colombian Ambassador to the U.S. Luis Alberto Moreno\n\nUribe arrived late. General Kayani said"
    spans = [text[s:e] for s, e in find_titled(text)]
    assert spans == ["Luis Alberto Moreno"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Hizballah", "organization"), ("Petrobras", "organization"), ("Brinkley Africa", "organization")],
)
def test_known_movements_and_companies_are_organizations(name: str, kind: str) -> None:
    assert person_kind(name, upper_text=False) == kind
    assert strip_titles("Presidents Obama") == "Obama" and strip_titles("CODEL Kerry") == "Kerry"


@pytest.mark.parametrize("name", ["National Security Advisor", "Ref A", "Para 4", "Supreme", "Finance", "Alliance"])
def test_offices_and_pointers_are_not_organizations(name: str) -> None:
    assert is_junk(name, "organization", upper_text=False)
    assert not is_junk("Labour", "organization", upper_text=False)
    assert not is_junk("Ministry of Finance", "organization", upper_text=False)
