"""Rules of extractor 2.9.0 (written against the NER fine-tuned on 284 tune cables); snippets are real text of
the archive."""

from __future__ import annotations

from cablestream.extraction import extract_entities
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.context import people_by_context, peoples_by_number
from cablestream.extraction.evidence import places_by_company
from cablestream.extraction.junk import is_junk
from cablestream.extraction.pipeline import _AMOUNT_BEFORE
from cablestream.record import Cable, Source


def _listed(body: str, kinds: dict[str, str]) -> list[Candidate]:
    """One model candidate per name of ``kinds``, at its first occurrence in ``body``."""
    starts = {name: body.index(name) for name in kinds}
    return [Candidate(kind, name, "model", 0.6, starts[name], starts[name] + len(name)) for name, kind in kinds.items()]


def test_a_list_of_more_people_than_places_stays_people() -> None:
    # 09KABUL165: the model read the misspelt ``Kiayani`` as a place; the other three stay people.
    body = "India would never have more positive Pakistani leadership than Zardari, Gailani, Kiayani, and Pasha and"
    cands = _listed(body, {"Zardari": "person", "Gailani": "person", "Kiayani": "place", "Pasha": "person"})
    places_by_company(cands, body)
    assert [c.type for c in cands] == ["person", "person", "place", "person"]


def test_a_list_after_a_locative_or_an_area_kind_is_places_whatever_the_count() -> None:
    for body, kinds in (
        ("developments in the states of Rio de Janeiro, Bahia, Minas Gerais, Espirito Santo, and Sergipe.",
         {"Rio de Janeiro": "place", "Bahia": "person", "Minas Gerais": "person", "Espirito Santo": "person",
          "Sergipe": "person"}),
        ("offices in Zagreb, Split, Rijeka, and Osijek.",
         {"Zagreb": "place", "Split": "person", "Rijeka": "person", "Osijek": "person"}),
    ):
        cands = _listed(body, kinds)
        places_by_company(cands, body)
        assert {c.type for c in cands} == {"place"}, body
    # As many places as people: the list is a list of places (2.2.0's rule, unchanged).
    body = "traffic from Peshawar and Torkham"
    cands = _listed(body, {"Peshawar": "place", "Torkham": "person"})
    places_by_company(cands, body)
    assert [c.type for c in cands] == ["place", "place"]


def test_a_month_or_a_weekday_is_never_a_place(nlp_loaded: None) -> None:
    body = (
        "1. (C) The Ministry has been looking into this issue since we made informal contact in July.  He noted "
        "the outcomes of the October meeting in Geneva, and will travel to Madrid on Monday.\n"
    )
    cable = Cable(reference_id="07MADRID1805", body=body, source=Source(format="text"), parser_version="t")
    places = {e.name for e in extract_entities(cable) if e.type in ("place", "country")}
    assert places & {"July", "October", "Monday"} == set()
    assert {"Geneva", "Madrid"} <= places


def test_a_one_word_person_written_in_both_numbers_is_a_people() -> None:
    body = "leaders issued a fatwah reminding Helmandis that drugs are prohibited; a Helmandi farmer agreed."
    cands = _listed(body, {"Helmandis": "person"})
    peoples_by_number(cands, body)
    assert cands[0].type == "group"
    body = "Karzai said so.  Karzai's brother agreed."  # one number only: a person stays a person
    cands = _listed(body, {"Karzai": "person"})
    peoples_by_number(cands, body)
    assert cands[0].type == "person"


def test_a_one_word_person_after_the_head_of_a_body_is_that_body() -> None:
    for body, name in (
        ("Silas Rondeau, currently the president of Eletrobras, whose political sponsor is influential", "Eletrobras"),
        ("Chevron representatives told us that the Iranians would be given a block", "Chevron"),
    ):
        cands = people_by_context(_listed(body, {name: "person"}), body, upper=False)
        assert [c.type for c in cands] == ["organization"], body
    # A place takes heads too; a person after one of them, with a title of its own, stays a person.
    body = "Minister President of Bavaria Horst Seehofer spoke; President Seehofer said so."
    cands = _listed(body, {"Bavaria": "place"})
    assert [c.type for c in people_by_context(cands, body, upper=False)] == ["place"]


def test_councils_chairs_rulers_and_desks_are_titles_not_names(nlp_loaded: None) -> None:
    body = (
        "1. (C) State Councilor Liu Yandong's visit went well, and Dubai Ruler Sheikh Mohammed bin Rashid al "
        "Maktoum agreed.  FDP Deputy Caucus Chairperson Birgit Homburger spoke.\n\n2. (U) Participants:\n\n"
        "United States:\nDeputy Secretary Steinberg\nBrazil Desk David Schnier (notetaker)\n"
    )
    cable = Cable(reference_id="09STATE34394", body=body, source=Source(format="text"), parser_version="t")
    people = {e.name for e in extract_entities(cable) if e.type == "person"}
    assert {"Liu Yandong", "Birgit Homburger", "David Schnier"} <= people
    assert not any(word in name for name in people for word in ("Councilor", "Ruler", "Chairperson", "Desk"))


def test_a_q_glued_to_an_ordinary_word_is_a_lost_quotation_mark() -> None:
    # ``the Iraqi army Qarrested the men``: some pages lost an opening quote to a ``Q``.
    for word, kind in (("Qarrested", "person"), ("Qwhether", "person"), ("Qgreat", "place")):
        assert is_junk(word, kind, upper_text=False), word
    for word, kind in (("Qatar", "place"), ("Qom", "place"), ("Qods", "organization"), ("Qureshi", "person")):
        assert not is_junk(word, kind, upper_text=False), word


def test_a_word_after_an_amounts_scale_is_no_person() -> None:
    # What ``text_candidates`` reads before a model person: ``1.2 billion Euros``, ``millions of Euros``.
    for before in ("pay back 1.2 billion ", "another 100 million ", "many millions of ", "some 5 thousand "):
        assert _AMOUNT_BEFORE.search(before), before
    # A bare number is no amount: a year, or the ``8`` some pages put for a closing quote; ``bn`` is ``bin``.
    for before in ("In December 2010 ", "&First Friend8 ", "Amir of Qatar, Hamad bn "):
        assert not _AMOUNT_BEFORE.search(before), before
