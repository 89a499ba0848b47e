"""Rules of extractor 2.7.0: where the model's spans begin and end; snippets are real text of the archive."""

from __future__ import annotations

import re

from cablestream.extraction import cleantext, patterns, reference
from cablestream.extraction.acronyms import find, governments
from cablestream.extraction.bodies import kinds_not_bodies
from cablestream.extraction.boundaries import members_end, owner_start
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.evidence import country_mentions, person_name
from cablestream.extraction.focus import focus
from cablestream.extraction.kinds import org_kind, person_kind, vet_orgs, vet_people
from cablestream.extraction.personcues import particle_names
from cablestream.extraction.pipeline import _KIN_AFTER, _named_piece
from cablestream.extraction.placing import bodies_read_as_places, city_mentions, joined_places, territories
from cablestream.extraction.resolve import _governments, _named_person
from cablestream.extraction.titled import listed, ministry_end, offices
from cablestream.extraction.titles import strip_titles


def test_a_capitalised_ordinary_word_inside_a_sentence_reaches_the_model() -> None:
    body = (
        "Peter Beck, Director of the International Crisis Group's Seoul office said that at most Seoul would "
        "probably keep its current policies."
    )
    clean = cleantext.build(body)
    # ``International`` is an ordinary word of the archive; inside a sentence its capital makes it a name's.
    assert "the International Crisis Group's" in focus(clean.text, clean, reach=2).text
    # A sentence's first word is still read only near a name: ``Officials`` opens a sentence.
    clean = cleantext.build("The talks went on for a very long time in the end. Officials said nothing of it then.")
    assert "Officials" not in focus(clean.text, clean, reach=2).text


def test_a_span_loses_the_capital_free_pieces_at_its_ends() -> None:
    text = "to our Ministers, including the\n\nGovernment of Cyprus regarding"
    start = text.index("the\n\n")
    end = text.index(" regarding")
    assert text[slice(*_named_piece(text, start, end))] == "Government of Cyprus"
    # A name of ordinary words may run across a gap: pieces with a capital at both ends stay.
    text = "Chairman, Association of the\n\nDiplomatic Service (1978"
    start, end = text.index("Association"), text.index(" (1978")
    assert _named_piece(text, start, end) == (start, end)
    # A block's heading and the next paragraph: the name is the first piece with a capital.
    text = "GOB Demands Respect\n\nand then"
    assert text[slice(*_named_piece(text, 0, len(text)))] == "GOB Demands Respect"


def test_an_institution_s_possessive_is_the_owner_of_the_body_named_after_it() -> None:
    text = "Luka Madjeric, Head of the Government’s Office for Human Rights and a former assistant"
    start = text.index("the Government")
    end = text.index(" and a former")
    assert text[owner_start(text, start, end):end] == "Office for Human Rights"
    # Initials own the department named after them.
    for text, name in (("that the GOI Ministry of External Affairs plans", "Ministry of External Affairs"),
                       ("Gold and MFA North American Department liaison", "North American Department")):
        start = text.index("the GOI") if "GOI" in text else text.index("MFA")
        end = text.index(name) + len(name)
        assert text[owner_start(text, start, end):end] == name
    # A body's initials or a country own the body after them too.
    for text, name in (("with ISAF’s ACTF.", "ACTF"), ("by Jordan’s Arab Bank with", "Arab Bank")):
        start = text.index("ISAF") if "ISAF" in text else text.index("Jordan")
        end = text.index(name) + len(name)
        assert text[owner_start(text, start, end):end] == name
    # A person's or a people's possessive is part of the name; so is a one-word rest.
    for name in ("People’s Liberation Army", "Worker's Party", "the Prosecutor's Office", "the Department's Office"):
        text = f"said that {name} would"
        start = text.index(name)
        assert owner_start(text, start, start + len(name)) == start


def test_a_noun_of_nationality_before_a_name_is_no_part_of_it() -> None:
    assert strip_titles("Frenchman Noel Saenz") == "Noel Saenz"
    assert strip_titles("Irishwoman Mary Robinson") == "Mary Robinson"
    assert strip_titles("Newman Smith") == "Newman Smith"


def test_go_and_the_initials_of_a_country_the_cable_names_is_its_government() -> None:
    text = "The GOES is wrestling with it; El Salvador's GoES said no. The GOT was absent and GOX too."
    found = governments(text)
    assert set(found) == {"GOES", "GoES"}  # no country of Turkey's initial, nor of X, is named
    assert [text[slice(*span)] for span in found["GOES"]] == ["GOES"]
    body = "1. The GOI and the GoI in Iraq. The GOT was absent. Turkey said so."
    cands = [
        Candidate("place", "GoI", "model", 0.6, 19, 22, "GoI"), Candidate("group", "GOT", "model", 0.6, 40, 43, "GOT")
    ]
    _governments(cands, body)
    assert [c.type for c in cands] == ["organization", "organization"]
    # ``GOT`` is a word the archive writes in lower case: found only as a government.
    assert (body.index("GOT"), body.index("GOT") + 3) in list(find(body))


def test_an_acronym_counted_in_one_mention_of_many_is_still_a_body() -> None:
    body = "The ROYG views it. The ROYG has said so. An internal ROYG meeting was held; the ROYG agreed."
    cands = [Candidate("organization", "ROYG", "model", 0.6, m.start(), m.end(), "ROYG")
             for m in re.finditer("ROYG", body)]
    assert len(kinds_not_bodies(cands, body, upper=False)) == 4
    body = "He asked for an NGO working in the area. The NGO said no."
    cands = [
        Candidate("organization", "NGO", "model", 0.6, m.start(), m.end(), "NGO") for m in re.finditer("NGO", body)
    ]
    assert kinds_not_bodies(cands, body, upper=False) == []


def test_a_name_and_the_noun_of_its_rank_is_a_territory() -> None:
    names = ["Bajaur Agency", "North Waziristan Agency", "Amazonas State", "Tax Agency",
             "Brazilian Intelligence Agency", "External Communications Agency", "Interior Ministry State"]
    cands = [Candidate("organization", name, "model", 0.6, 0, len(name), name) for name in names]
    territories(cands, frozenset({"tax"}))
    places = [c.name for c in cands if c.type == "place"]
    assert places == ["Bajaur Agency", "North Waziristan Agency", "Amazonas State"]


def test_countries_and_post_cities_the_model_left_unlabelled_are_places() -> None:
    text = "donors in Saudi Arabia and the UAE. The CAR plan. Flights over Turkey/Northern Iraq."
    assert [text[slice(*span)] for span in country_mentions(text)] == ["Saudi Arabia", "UAE", "Turkey", "Iraq"]
    text = (
        "the return of one platoon to Sana'a, the CTU said. Embassy Berlin recommends the Vienna Convention "
        "(Harare 0502) and BRASILIA 00000351 003 OF 004; FOR LONDON, PARIS: the Qom facility and Abu Dhabi."
    )
    assert [text[slice(*span)] for span in city_mentions(text)] == ["Sana'a", "Qom", "Abu Dhabi"]


def test_a_religious_rank_is_a_title() -> None:
    assert strip_titles("Metropolitan Kirill") == "Kirill"
    assert strip_titles("Maronite Patriarch Nasrallah Sfeir") == "Nasrallah Sfeir"


def test_a_plural_title_names_each_person_of_its_list() -> None:
    text = "Ambassadors Holbrooke, Eikenberry, and Ricciardone met him; confirmed by Secretaries Clinton and Gates."
    assert [text[s:e] for s, e in listed(text)] == ["Holbrooke", "Eikenberry", "Ricciardone", "Clinton", "Gates"]
    assert list(listed("Ministers Foreign Affairs and Defense met.")) == []


def test_a_particle_opens_the_surname_after_an_office() -> None:
    text = "Chirac and then-FM de Villepin opposed it."
    assert [text[s:e] for s, e in offices(text, frozenset())] == ["de Villepin"]


def test_the_institution_nouns_of_transliterated_names_make_bodies() -> None:
    names = ("Lashkar-e-Tayyiba", "Jamaat al-Dawa al-Quran", "Harakat ul-Mujahideen", "Majlis", "Hizbul Mujahideen",
             "Procuraduria", "Jandarma", "Financial Intelligence Unit")
    for name in names:
        assert person_kind(name, False) == "organization", name
    assert person_kind("Ali Larijani", False) == "person"
    assert person_kind("Moussa Dadis Camara", False) == "person"


def test_a_numbered_division_is_a_unit_and_mod_the_ministry() -> None:
    cands = [Candidate("organization", name, "model", 0.6, 0, len(name), name)
             for name in ("9th Division", "Seventh Division", "Kunar Province")]
    kept = vet_orgs(cands, upper_text=False)
    assert [(c.name, c.type) for c in kept] == [
        ("9th Division", "organization"), ("Seventh Division", "organization"), ("Kunar Province", "place")
    ]
    text = "MOD seeks approval. We met MOD Jobim, who said the MOD would act."
    assert [text[s:e] for s, e in find(text)] == ["MOD", "MOD"]
    mod = Candidate("organization", "MOD", "model", 0.6, 0, 3, "MOD")
    assert org_kind(mod, frozenset()) == "organization"
    assert org_kind(Candidate("organization", "Mod", "model", 0.6, 0, 3, "Mod"), frozenset()) is None
    # Title words headed by an institution word name a body: ``labor`` is a portfolio, ``Labor Party`` a party.
    party = Candidate("organization", "Labor Party", "model", 0.6, 0, 11, "Labor Party")
    assert org_kind(party, frozenset()) == "organization"
    assert org_kind(Candidate("organization", "Deputy Secretary", "model", 0.6, 0, 16, "x"), frozenset()) is None


def test_a_ministry_named_by_its_portfolio_is_a_body_the_model_may_leave_unlabelled() -> None:
    text = "the following: --Ministry of Defense; --Ministry of Foreign Affairs. The Ministry of Interior Brigadier Ali"
    found = [text[s:e] for kind, s, e in patterns.find(text) if kind == "organization"]
    assert found == ["Ministry of Defense", "Ministry of Foreign Affairs", "Ministry of Interior Brigadier Ali"]
    start = text.index("Ministry of Interior")
    assert text[start:ministry_end(text, start, len(text))] == "Ministry of Interior"
    text = "a new Ministry of Foreign Affairs October 22, 1963"
    start = text.index("Ministry")
    assert text[start:ministry_end(text, start, text.index(" 22"))] == "Ministry of Foreign Affairs"


def test_documents_measures_and_occasions_are_no_bodies() -> None:
    for name in ("National Climate Change Policy", "Tobin Tax", "NATO Ministerial Guidance", "Olympics",
                 "Commonwealth Summit Press Briefing", "Pan American Games"):
        assert org_kind(Candidate("organization", name, "model", 0.6, 0, len(name), name), frozenset()) is None, name
    assert org_kind(Candidate("organization", "Tax Agency", "model", 0.6, 0, 10, "Tax Agency"), frozenset())


def test_a_body_read_as_a_place_and_a_relation_read_as_one() -> None:
    names = ["African Union", "Soviet Union", "Amazonas State", "U.S.-China", "North-South", "Guinea-Bissau"]
    cands = [Candidate("place", name, "model", 0.6, 0, len(name), name) for name in names]
    bodies_read_as_places(cands)
    kept = joined_places(cands)
    assert [(c.name, c.type) for c in kept] == [
        ("African Union", "organization"), ("Soviet Union", "place"), ("Amazonas State", "place"),
        ("Guinea-Bissau", "place"),
    ]


def test_a_model_place_shaped_like_a_full_name_of_a_surname_the_cable_gives_a_person() -> None:
    people = {"vadera", "marta"}
    vadera = Candidate("place", "Shriti Vadera", "model", 0.6, 0, 13, "Shriti Vadera")
    marta = Candidate("place", "Santa Marta", "model", 0.6, 20, 31, "Santa Marta")
    assert _named_person(vadera, people) and not _named_person(marta, people)


def test_a_prose_line_that_opens_with_a_field_word_in_lower_case_is_prose() -> None:
    body = (
        "SUBJECT: POLLS\nClassified By: Ambassador Jerry Lanier for reasons 1.4 (b).\n"
        "1.(C) Summary: Under President Museveni, Uganda leads.\n\n"
        "¶4. (C) Putin's approval index varied from less than 40 percent to a peak at\n"
        "approved vice those who disapproved). It rose at the time of\nthe war in Georgia. Levada said so.\n\n"
        "Classified by Ambassador Thomas Riley for reasons 1.4 (b) and\n(d).\n"
    )
    text = cleantext.build(body).text
    assert "the war in Georgia" in text and "Under President Museveni" in text
    assert "POLLS" not in text and "Thomas Riley" not in text


def test_markers_links_and_cited_references_leave_the_prose_of_their_line() -> None:
    body = (
        "¶2. (C) REF A points were delivered, the GOS was nearing the end of a\nlong debate with the UNDP.\n"
        "SIPDIS killing. Delyagin joined Venediktov in seeing it.\n"
        "¶4. (C) The Panel (IPCC) (http://www.ipcc.ch) is a highly influential body of Pachauri.\n"
        "¶17. (SBU) Comment: Brown met the PM. Visit London's Classified Website: http://www.intelink.sgov.gov/x\n"
        "1.(C) Summary: Under President Museveni, Uganda leads.\n\n"
        "REF: A. 09 STATE 123\nB. 09 STATE 456\n\nREF B SECSTATE 76108\n"
    )
    text = cleantext.build(body).text
    kept_words = ("GOS was nearing", "UNDP", "Delyagin joined", "influential body of Pachauri", "Brown met the PM")
    for kept in kept_words:
        assert kept in text, kept
    for dropped in ("SIPDIS", "http", "London", "STATE 456", "SECSTATE"):
        assert dropped not in text, dropped


def test_acronyms_that_are_no_bodies_states_officers_and_abstract_nouns() -> None:
    text = "Representative Jane Harman (D, CA) and John Kline (R-MN) met AKP MPS and the DCMs before POTUS spoke."
    assert [text[s:e] for s, e in find(text)] == ["AKP"]
    cands = [Candidate("organization", "CA", "model", 0.6, text.index("CA"), text.index("CA") + 2, "CA")]
    assert kinds_not_bodies(cands, text, upper=False) == []
    statement = Candidate("person", "Statement", "model", 0.7, 0, 9, "Statement")
    brown = Candidate("person", "Brown", "model", 0.7, 20, 25, "Brown")
    assert [c.name for c in vet_people([statement, brown], False, frozenset({"statement", "brown"}))] == ["Brown"]


def test_a_surname_that_opens_with_its_particle_in_prose() -> None:
    text = "The intention is for de Hoop Scheffer to stay, and we expect de Maiziere to agree; sur le Climat Mondial."
    assert [text[s:e] for s, e in particle_names(text, frozenset())] == ["de Hoop Scheffer", "de Maiziere"]
    assert person_name("de Hoop Scheffer", frozenset({"de"})) == "de Hoop Scheffer"


def test_countries_in_an_all_caps_telegram() -> None:
    text = "THE UNITED STATES AND MEXICO TOLD US THAT THE U.S. AND CAR AGREED"
    assert [text[s:e] for s, e in country_mentions(text, upper=True)] == ["UNITED STATES", "MEXICO", "U.S."]


def test_a_lineage_is_no_person() -> None:
    assert _KIN_AFTER.match(" tribe, he has a base") and _KIN_AFTER.match(" family said")
    assert not _KIN_AFTER.match(" familiar with it")
    assert person_kind("Shah Family", False) != "person"


def test_initials_the_archive_spells_out_in_lower_case_name_kinds_in_every_cable() -> None:
    assert {"UAV", "IDP", "LNG"} <= reference.kind_acronyms()
    body = "The UAE's UAV capability has been appreciated, and the EU said so."
    cands = [Candidate("organization", name, "model", 0.6, body.index(name), body.index(name) + len(name), name)
             for name in ("UAV", "EU")]
    assert [c.name for c in kinds_not_bodies(cands, body, upper=False)] == ["EU"]


def test_initials_and_the_noun_of_their_members_are_the_body() -> None:
    for text in ("the first GCC Country", "all NATO Allies", "the EU member states"):
        start = text.index(next(w for w in text.split() if w.isupper()))
        assert text[start:members_end(text, start, len(text))] in ("GCC", "NATO", "EU")
    assert members_end("the Arab League Countries", 4, 25) == 25
