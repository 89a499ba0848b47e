"""Rules of extractor 2.8.0: what the words around a name say, where a span ends, what is one body; snippets are
real text of the archive."""

from __future__ import annotations

from cablestream.extraction.candidates import Candidate
from cablestream.extraction.context import located_people, peoples_by_number
from cablestream.extraction.pipeline import _unbroken
from cablestream.extraction.placing import joined_places
from cablestream.extraction.resolve import group
from cablestream.extraction.structure import classifier_name
from cablestream.extraction.titled import offices


def _mentions(body: str, name: str, kinds: list[str]) -> list[Candidate]:
    """One model candidate per occurrence of ``name`` in ``body``, typed in turn by ``kinds``."""
    out, start = [], 0
    for kind in kinds:
        start = body.index(name, start)
        out.append(Candidate(type=kind, name=name, source="model", confidence=0.6, start=start, end=start + len(name)))
        start += len(name)
    return out


def test_a_one_word_person_the_cable_only_puts_somewhere_is_a_place() -> None:
    body = (
        "prepared to fly interlocutors from Uruzgan to discuss the security situation.  Parliamentarians "
        "insisted on visiting Uruzgan.  Their doubts on reconstruction work in Uruzgan and/or elsewhere."
    )
    cands = _mentions(body, "Uruzgan", ["person", "person", "organization"])
    located_people(cands, body)
    assert {c.type for c in cands} == {"place"}


def test_a_person_after_in_stays_a_person_where_a_mention_speaks_or_owns() -> None:
    for body in (
        "Confidence in Karzai is low.  Karzai said he would go.",
        "There is little trust in Karzai's cabinet, and in Karzai.",
    ):
        cands = _mentions(body, "Karzai", ["person", "person"])
        located_people(cands, body)
        assert {c.type for c in cands} == {"person"}, body
    # A title (a rule's confidence) or a full name of the cable is evidence the context cannot outweigh.
    body = "Governor Mangal arrived.  Meetings in Mangal went well."
    cands = _mentions(body, "Mangal", ["person", "person"])
    cands[0].source, cands[0].confidence = "rule", 0.9
    located_people(cands, body)
    assert cands[1].type == "person"
    body = "Gulab Mangal met us.  Meetings in Mangal went well."
    cands = [Candidate(type="person", name="Gulab Mangal", source="model", confidence=0.6, start=0, end=12),
             *_mentions(body, "Mangal", ["person", "person"])[1:]]
    located_people(cands, body)
    assert cands[1].type == "person"


def test_a_one_word_body_written_in_both_numbers_names_members_not_an_institution() -> None:
    body = "most Pashtuns in Balochistan were traders, and Pashtun leaders agreed."
    cands = _mentions(body, "Pashtuns", ["organization"])
    peoples_by_number(cands, body)
    assert cands[0].type == "group"
    body = "the Alikozais have prevented all invaders; an Alikozai elder said."
    cands = _mentions(body, "Alikozais", ["organization"])
    peoples_by_number(cands, body)
    assert cands[0].type == "group"


def test_a_party_or_an_armed_movement_named_by_its_members_stays_a_body() -> None:
    for body, name in (
        ("the sixth war against the Houthis continues; ROYG forces and Houthi rebels fought.", "Houthis"),
        ("leading Socialist party candidate; the Socialists lost.", "Socialists"),
        ("earlier Liberal governments; the Liberals say.", "Liberals"),
    ):
        cands = _mentions(body, name, ["organization"])
        peoples_by_number(cands, body)
        assert cands[0].type == "organization", body
    # One number alone says nothing: ``Taliban`` is never pluralised.
    body = "the Taliban attacked; Taliban fighters fled."
    cands = _mentions(body, "Taliban", ["organization"])
    peoples_by_number(cands, body)
    assert cands[0].type == "organization"


def _parts(text: str, label: str) -> list[str]:
    return [text[s:e] for s, e in _unbroken(text, label, 0, len(text))]


def test_a_span_ends_at_a_bracket_or_a_paragraph_mark() -> None:
    assert _parts("Zapatero (COMMENT: Spanish", "PERSON") == ["Zapatero"]
    assert _parts("Maria Otero (G", "PERSON") == ["Maria Otero"]
    assert _parts("King ¶15. (C) Your", "PERSON") == ["King"]
    assert _parts("Rally for the Republic (RPR", "ORG") == ["Rally for the Republic"]
    # After initials in brackets, a body's span goes on as a body of its own.
    assert _parts("Chinese Academy of Science (CAS) Institute of Plasma Physics", "ORG") == [
        "Chinese Academy of Science", "Institute of Plasma Physics"]
    assert _parts("Brazilian Ministry of External Relations'(MRE) Environment Division", "GPE") == [
        "Brazilian Ministry of External Relations'", "Environment Division"]
    # A person's span never does: ``(D-MA)``, ``(G)`` are no names.
    assert _parts("Joh Kerry (D-MA) Chairman", "PERSON") == ["Joh Kerry"]
    assert _parts("Edward William Gnehm, Jr.", "PERSON") == ["Edward William Gnehm, Jr."]


def test_a_place_s_span_parts_at_a_comma_before_another_name() -> None:
    assert _parts("Covenas, Sucre", "GPE") == ["Covenas", "Sucre"]
    assert _parts("Washington, DC", "GPE") == ["Washington, DC"]
    assert _parts("Services, Investment and Financial Issues Division", "ORG") == [
        "Services, Investment and Financial Issues Division"]


def test_a_body_the_cable_spells_out_is_one_entity_with_its_initials() -> None:
    body = "Econoff pressed the European Union (EU) hard; the EU would not move."
    cands = [
        Candidate("organization", "European Union", "model", 0.6, 19, 33, "European Union"),
        Candidate("organization", "EU", "model", 0.5, 35, 37, "EU"),
        Candidate("organization", "EU", "model", 0.5, 49, 51, "EU"),
    ]
    groups = group(cands, body)
    assert list(groups) == [("organization", "european union")]
    assert len(groups["organization", "european union"]) == 3
    # Initials the cable does not spell out stay apart (``RPR`` is French: Rassemblement pour la Republique).
    body = "A member of the Rally for the Republic (RPR) political party."
    cands = [Candidate("organization", "Rally for the Republic", "model", 0.6, 16, 38, "Rally for the Republic"),
             Candidate("organization", "RPR", "model", 0.5, 40, 43, "RPR")]
    assert len(group(cands, body)) == 2


def test_a_bracket_glued_to_a_word_is_part_of_a_code() -> None:
    assert _parts("U.S. SOC(FWD)-PAK", "ORG") == ["U.S. SOC(FWD)-PAK"]


def test_the_classified_by_name_ends_at_a_bracket() -> None:
    assert classifier_name("U/S Maria Otero (G)") == "Maria Otero"
    assert classifier_name("Ambassador Richard Miles, reasons 1.4 (b) and (d)") == "Richard Miles"


def test_a_country_or_its_people_joined_to_a_body_s_initials_is_a_relation() -> None:
    cands = [Candidate("organization", name, "model", 0.6, 0, len(name), name)
             for name in ("U.S.-EU", "Russian-NATO", "U.S.-Afghan", "US-ASEAN Business Council", "ISI-LeT")]
    assert [c.name for c in joined_places(cands)] == ["US-ASEAN Business Council", "ISI-LeT"]


def test_a_religious_rank_or_a_camel_case_office_before_a_surname_names_a_person() -> None:
    for text, names in (("GOI officials now consult Ayatollah Sistani before making decisions.", ["Sistani"]),
                        ("and between SecDef Gates and MOD Jobim, would boost", ["Gates", "Jobim"]),
                        ("after Ayatollah Janati succesfully acted", ["Janati"])):
        assert [text[s:e] for s, e in offices(text, frozenset())] == names, text
    # A camel-case word that is no office, and an ordinary word after a rank, are no one's name.
    assert list(offices("the McDonald Smith case", frozenset())) == []
    assert list(offices("the Patriarch Said nothing", frozenset({"said"}))) == []
