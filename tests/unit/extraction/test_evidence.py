"""The rules that read evidence from the cable itself (pure, no model): excerpts are from real cables."""

from __future__ import annotations

from cablestream.extraction import acronyms, cleantext, evidence, titled
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.evidence import demonyms
from cablestream.extraction.focus import focus
from cablestream.extraction.persons import cluster
from cablestream.extraction.truecase import truecase


def test_focus_keeps_the_words_near_a_capital_and_maps_back() -> None:
    clean = cleantext.build("the committee met again and again and again and then Nazarbayev said no to it")
    seen = focus(clean.text, clean, reach=2)
    assert seen.text == "and then Nazarbayev said no"
    start = seen.text.index("Nazarbayev")
    assert seen.to_clean(start, start + 10) == (clean.text.index("Nazarbayev"), clean.text.index("Nazarbayev") + 10)
    assert focus(clean.text, clean, reach=0).text == clean.text


def test_focus_skips_sentence_openers_but_not_acronyms() -> None:
    clean = cleantext.build("however the talks went on for many long days and weeks. US officials were not told")
    assert "US officials" in focus(clean.text, clean, reach=1).text
    assert "However" not in focus(clean.text, clean, reach=1).text


def test_ordinary_words_are_not_names() -> None:
    ordinary = frozenset({"predecessor", "officers", "mark"})
    assert evidence.person_name("Predecessor Nelson Mandela", ordinary) == "Nelson Mandela"
    assert evidence.person_name("Mark Smith", ordinary) == "Mark Smith"  # two words stay
    assert evidence.person_name("Officers", ordinary) is None


def test_office_marks_before_a_name_go_initials_stay() -> None:
    none: frozenset[str] = frozenset()
    assert evidence.person_name("PolMinCouns Scott Bellard", none) == "Scott Bellard"
    assert evidence.person_name("CHOD Kayani", none) == "Kayani"
    assert evidence.person_name("ISN/MTR Director Pam Durham", none) == "Pam Durham"
    assert evidence.person_name("J. Chris Stevens", none) == "J. Chris Stevens"
    assert evidence.person_name("Sanader's July", none) == "Sanader"
    assert evidence.person_name("KATHLEEN M. FITZPATRICK", none, upper_text=True) == "KATHLEEN M. FITZPATRICK"


def test_a_name_listed_with_places_is_a_place() -> None:
    body = "offices in the four largest cities, Zagreb, Split, Rijeka, and Osijek, and"

    def at(kind: str, word: str) -> Candidate:
        start = body.index(word)
        return Candidate(kind, word, "model", 0.6, start, start + len(word), word)
    cands = [at("place", "Zagreb"), at("person", "Rijeka"), at("person", "Osijek")]
    evidence.places_by_company(cands, body)
    assert [c.type for c in cands] == ["place", "place", "place"]


def test_acronyms_of_bodies_not_codes_or_words() -> None:
    text = ("The GONL and the MUP agreed; the Egyptian General Intelligence Service (EGIS) and the US "
            "paid 5 USD. NOTE: PGOV and the DCM met the SAG.")
    found = {text[s:e] for s, e in acronyms.find(text)}
    assert {"GONL", "MUP", "EGIS"} <= found
    assert not found & {"US", "USD", "NOTE", "PGOV", "DCM", "SAG"}  # "sag" is an ordinary word...
    spelled = "the Saudi Arabian Government (SAG) said. The SAG agreed."
    assert [spelled[s:e] for s, e in acronyms.find(spelled)] == ["SAG", "SAG"]  # ...unless the cable spells it out


def test_all_caps_text_is_recased_from_the_archive_vocabulary() -> None:
    text = "GOI ANNOUNCED TODAY ARREST OF TWELVE PERSONS INCLUDING ARDESHIR ZAHEDI"
    recased = truecase(text)
    assert len(recased) == len(text)
    assert recased.startswith("GOI announced today arrest of twelve persons including")
    assert recased.endswith("Ardeshir Zahedi")


def test_monarchs_keep_title_and_numeral() -> None:
    text = "in addition to Saudi King Abdullah,s work; King Hassan II had refused"
    assert [text[s:e] for s, e in titled.royal(text)] == ["King Abdullah", "King Hassan II"]


def test_nationality_words_from_country_names() -> None:
    assert {"ugandan", "chinese", "tajik", "iraqis"} <= demonyms()
    assert "francis" not in demonyms()


def test_one_person_many_forms() -> None:
    people = cluster(["Steve Tshwete", "Steve", "Lula da Silva", "Lula", "Dominique de Villepin", "de Villepin"])
    assert people["steve"].name == "Steve Tshwete"
    assert people["lula"].name == "Lula da Silva"
    assert people["de villepin"].name == "Dominique de Villepin"
    assert cluster(["King Abdullah II", "Abdullah"])["abdullah"].name == "King Abdullah II"


def test_an_acronym_the_cable_spells_out_as_a_program_is_not_a_body() -> None:
    from cablestream.extraction.kinds import NOT_ORG_HEADS, ORG_WORDS

    body = ("nterest.  Focused District Development (FDD), CSTC-A and the newly unveiled Afghan Social Outreach "
            "Program (ASOP) that the Egyptian General Intelligence Service (EGIS) supports")
    assert evidence.definitions(body)["ASOP"] == "Afghan Social Outreach Program"
    cands = [Candidate("organization", name, "model", 0.5, body.index(name), body.index(name) + len(name), name)
             for name in ("ASOP", "EGIS")]
    kept = evidence.bodies_by_definition(cands, body, ORG_WORDS, NOT_ORG_HEADS)
    assert [c.name for c in kept] == ["EGIS"]  # a program is no body; a service is one


def test_one_recased_word_in_an_all_caps_cable_is_no_organisation() -> None:
    from cablestream.extraction.kinds import org_kind

    ordinary: frozenset[str] = frozenset()
    # "DOCUMENTS FOUND IN DWELLING OF A RECENTLY SLAIN TERRORIST" (72TEHRAN5055)
    assert org_kind(Candidate("organization", "SLAIN", "model"), ordinary, upper_text=True) is None
    assert org_kind(Candidate("organization", "FONOFF", "model"), ordinary, upper_text=True) == "organization"
    assert org_kind(Candidate("organization", "SLAIN", "model"), ordinary, upper_text=False) == "organization"
