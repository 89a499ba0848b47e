"""Rules of extractor 2.3.0 that tell bodies from kinds, people and things; snippets are real-looking text."""

from __future__ import annotations

from cablestream.extraction import bodies, boundaries, evidence, placing, reference, titled
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.evidence import bodies_by_definition, common, lower_words
from cablestream.extraction.junk import is_junk
from cablestream.extraction.kinds import NOT_ORG_HEADS, ORG_WORDS
from cablestream.extraction.pipeline import _within_block
from cablestream.extraction.resolve import nations as nations_
from cablestream.extraction.resolve import retype


def _found(kind: str, body: str, *names: str) -> list[Candidate]:
    out = []
    for name in names:
        start = body.index(name)
        out.append(Candidate(kind, name, "model", 0.6, start, start + len(name), name))
    return out


def test_a_span_stops_at_a_block_break() -> None:
    text = "including many key Brazilian exports. GOB Demands Respect\n\nLeaving aside Brazil's decision"
    start = text.index("GOB")
    assert text[start : _within_block(text, start, text.index("aside"))] == "GOB Demands Respect"
    assert _within_block(text, 0, 10) == 10


def test_an_acronym_the_cable_spells_out_in_lower_case_is_no_body() -> None:
    body = ("to combat the problem of trafficking in persons (TIP) by improving border controls; one of North "
            "Korea's special economic zones (SEZ); the Egyptian General Intelligence Service (EGIS); the TIP "
            "problem; the SEZ; EGIS")
    assert bodies.lower_definitions(body) == {"TIP", "SEZ"}
    cands = [Candidate("organization", n, "model", 0.6, body.rindex(n), body.rindex(n) + len(n), n)
             for n in ("TIP", "SEZ", "EGIS")]
    assert [c.name for c in bodies.kinds_not_bodies(cands, body, False)] == ["EGIS"]


def test_a_counted_acronym_is_a_kind() -> None:
    body = ("just two weeks ago an FSN was carjacked at gunpoint; blockades by an NGO protesting government "
            "plans; soldiers in its PRT. An EU military capability; with a DPA representative; a GoA/ISAF presence")
    cands = _found("organization", body, "FSN", "NGO", "PRT", "EU", "DPA", "GoA")
    assert [c.name for c in bodies.kinds_not_bodies(cands, body, False)] == ["EU", "DPA", "GoA"]
    assert len(bodies.kinds_not_bodies(cands, body.upper(), True)) == 6  # capitals say nothing


def test_initials_in_brackets_after_a_person_are_that_person() -> None:
    body = ("A confident Cristina Fernandez de Kirchner (CFK) described; Regarding Kim Jong-il's (KJI) health; "
            "the Kaesong Industrial Complex (KIC). CFK said; KJI has; KIC")
    people = _found("person", body, "Cristina Fernandez de Kirchner", "Kim Jong-il")
    orgs = [Candidate("organization", n, "model", 0.6, body.rindex(n), body.rindex(n) + len(n), n)
            for n in ("CFK", "KJI", "KIC")]
    bodies.people_by_initials([*people, *orgs], body, False)
    assert [(c.type, c.name) for c in orgs] == [
        ("person", "Cristina Fernandez de Kirchner"), ("person", "Kim Jong-il"), ("organization", "KIC")]


def test_an_acronym_spelled_out_as_an_office_is_no_body() -> None:
    body = "official told Acting Principal Officer (APO) that nearly all; the APO said"
    cands = _found("organization", body, "APO")
    assert bodies_by_definition(cands, body, ORG_WORDS, NOT_ORG_HEADS) == []


def test_a_nation_before_ordinary_words_is_no_body() -> None:
    nations = nations_()
    body = "HURT BY NORIEGA AND U.S. SANCTIONS; THE U.S. PORT BAN; the U.S. Army; the U.S. Marines"
    cands = _found("organization", body, "U.S. SANCTIONS", "THE U.S. PORT", "U.S. Army", "U.S. Marines")
    ordinary = common(lower_words(body), body) | reference.common_words()
    kept = bodies.national_things(cands, nations, ordinary, ORG_WORDS)
    assert [c.name for c in kept] == ["U.S. Army", "U.S. Marines"]


def test_a_long_name_runs_on_where_the_model_stopped_inside_it() -> None:
    from cablestream.extraction.boundaries import org_end

    cases = [
        ("Rostislav Turovksiy of the Center for Political Technologies likewise argued", "Center for Political",
         "Center for Political Technologies"),
        ("He cited the Iranian Fund for the Reconstruction of Lebanon as the source", "Iranian Fund",
         "Iranian Fund for the Reconstruction of Lebanon"),
        ("during his keynote, Hyundai Asan President Yoon said", "Hyundai", "Hyundai Asan"),
        ("the UN Secretary General said", "UN", "UN"),  # an acronym modifies what follows
        ("the Ministry of Defense and Ministry of Interior agreed", "Ministry of Defense", "Ministry of Defense"),
        ("joined the Ministry of Foreign Affairs October 22, 1963", "Ministry of Foreign Affairs",
         "Ministry of Foreign Affairs"),
    ]
    for text, span, whole in cases:
        start = text.index(span)
        assert text[start : org_end(text, start, start + len(span), set())] == whole, span
    text = "the Alliance of Liberal Democrats for Europe. Prior"
    start = text.index("Alliance")
    labelled = {text.index("Europe")}  # the model read it as a place: the name stops before it
    assert org_end(text, start, text.index(" for Europe"), labelled) == text.index(" for Europe")


def test_labels_notes_and_ideas_are_no_bodies() -> None:
    body = ("Netanyahu said UNSCR 242 was not a bad formula; a TV that cost RMB 4000; ( NB . The Zarzis group; "
            "any expression of Kurdishness in an attempt; the broad outlines of de-Ba'athification, amnesty; "
            "the UN said; End FYI.)")
    cands = _found("organization", body, "UNSCR", "RMB", "NB", "Kurdishness", "de-Ba'athification", "UN", "FYI")
    assert [c.name for c in bodies.labels_and_ideas(cands, body, False)] == ["UN"]


def test_a_name_headed_by_a_thing_or_a_plural_is_no_body() -> None:
    body = ("under the UN Program of Action on Small Arms; including the Ministries of Foreign Affairs, Customs; "
            "Regarding Provincial Reconstruction Teams (PRTs); the Times of Oman reported; the United Nations; "
            "programs, ministries, teams and times")
    names = ("UN Program of Action on Small Arms", "Ministries of Foreign Affairs",
             "Provincial Reconstruction Teams", "Times of Oman", "United Nations")
    ordinary = common(lower_words(body), body)
    kept = bodies.things_by_head(_found("organization", body, *names), ordinary, ORG_WORDS, NOT_ORG_HEADS, False)
    assert [c.name for c in kept] == ["Times of Oman", "United Nations"]
    assert bodies.head_word("Ministries of Foreign Affairs") == "ministries"


def test_an_area_keeps_its_place_before_officials() -> None:
    from cablestream.extraction.context import people_by_context

    body = "A senior Federally Administered Tribal Areas official told the APO; in the Federally Administered"
    cands = _found("place", body, "Federally Administered Tribal Areas")
    assert people_by_context(cands, body, False)[0].type == "place"


def test_a_party_short_name_and_a_known_body_stay_bodies_where_the_model_says_place() -> None:
    from cablestream.extraction.resolve import retype

    body = "a rebellion within the Kadima Party. Kadima members are realizing; but Kadima itself might collapse"
    second, third = body.index("Kadima members"), body.rindex("Kadima")
    cands = [*_found("organization", body, "Kadima Party"),
             Candidate("place", "Kadima", "model", 0.7, second, second + 6, "Kadima"),
             Candidate("organization", "Kadima", "model", 0.6, third, third + 6, "Kadima")]
    assert {c.type for c in retype(cands, False, frozenset(), "")} == {"organization"}


def test_a_defined_acronym_read_as_a_place_takes_its_expansions_kind() -> None:
    from cablestream.extraction.evidence import definitions

    body = ("the Ministry of Defence ( MoD ) rejected an offer; and Trading with the Enemy Act ( TWEA ) "
            "restrictions; the Federally Administered Tribal Areas (FATA); the MoD; the TWEA; the FATA")
    assert definitions(body) == {"MoD": "Ministry of Defence", "TWEA": "Trading with the Enemy Act",
                                 "FATA": "Federally Administered Tribal Areas"}
    cands = [Candidate("place", n, "model", 0.6, body.rindex(n), body.rindex(n) + len(n), n)
             for n in ("MoD", "TWEA", "FATA")]
    kept = placing.places_by_definition(cands, body, ORG_WORDS, NOT_ORG_HEADS)
    assert [(c.name, c.type) for c in kept] == [("MoD", "organization"), ("FATA", "place")]


def test_the_writers_post_is_no_place_and_an_office_is_none() -> None:
    from cablestream.extraction.junk import is_junk

    body = "This cable was coordinated with Embassy Ankara. The Ambassador flew to Ankara"
    cands = [Candidate("place", "Ankara", "model", 0.6, s, s + 6, "Ankara")
             for s in (body.index("Ankara"), body.rindex("Ankara"))]
    assert [c.start for c in placing.writer_posts(cands, body)] == [body.rindex("Ankara")]
    assert is_junk("Sultan", "place", False) and not is_junk("Sultanate", "place", False)


def test_a_particle_and_a_quoted_nickname_sit_inside_a_name() -> None:
    from cablestream.extraction import personcues

    text = "the peacekeeping operations position, given to Alain le Roy. Although"
    assert text[personcues.person_start(text, text.index("Roy")) :].startswith("Alain le Roy")
    assert personcues.person_start(text, text.index("Although")) == text.index("Although")
    text = "ALREADY ADOC LEADER GUILLERMO “BILLY” FORD IS TALKING"
    start = text.index("GUILLERMO")
    assert text[start : personcues.person_end(text, start, text.index("”"))] == "GUILLERMO “BILLY” FORD"
    body = "given to Alain le Roy."
    cands = [Candidate("organization", "Alain", "model", 0.6, 9, 14, "Alain"),
             Candidate("person", "Alain le Roy", "model", 0.6, 9, 21, "Alain le Roy")]
    assert [c.type for c in personcues.inside_people(cands, [(9, 21)])] == ["person"]
    assert body[9:21] == "Alain le Roy" and len(personcues.inside_people(cands, [])) == 2


def test_a_facilitys_name_is_no_person() -> None:
    from cablestream.extraction import personcues

    body = "presented credentials at Planalto Palace. The reception at Planalto and the talk with Lula"
    cands = [Candidate("person", n, "model", 0.6, body.rindex(n), body.rindex(n) + len(n), n)
             for n in ("Planalto", "Lula")]
    assert [c.name for c in personcues.facility_names(cands, body)] == ["Lula"]


def test_an_underlined_title_case_line_is_a_heading() -> None:
    from cablestream.extraction import cleantext

    body = ("has dropped of the list since the India situation has come to light.\n"
            "North Waziristan Location Of Hostages?\n--------------------------------------\n"
            "8. (S) He said he wanted to say")
    assert "Waziristan" not in cleantext.build(body).text


def test_a_name_whose_surname_stands_alone_is_a_person() -> None:
    from cablestream.extraction.context import orgs_that_are_people

    body = ("former head of military intelligence Aca Tomic, former Army Chief; the period that Tomic was "
            "involved; the Pakistani Taliban are in the camps; the Taliban")
    cands = [Candidate("organization", n, "model", 0.6, body.rindex(n), body.rindex(n) + len(n), n)
             for n in ("Aca Tomic", "Tomic", "Pakistani Taliban", "Taliban")]
    cands[1].start = body.index("Tomic was")
    cands[1].end = cands[1].start + 5
    orgs_that_are_people(cands, body, False, common(lower_words(body), body), nations_())
    assert [c.type for c in cands] == ["person", "person", "organization", "organization"]


def test_document_and_site_heads_and_an_area_headed_definition() -> None:
    from cablestream.extraction.kinds import PLACE_HEADS, org_kind

    ordinary = reference.common_words()
    for name in ("Doha Development Agenda", "International Compact", "Kaesong Industrial Complex", "League Final"):
        assert org_kind(Candidate("organization", name, "model"), ordinary) is None, name
    body = "the insurgency in the Federal Administered Tribal Areas ( FATA ), which the class underestimates"
    cands = _found("organization", body, "FATA")
    kept = bodies_by_definition(cands, body, ORG_WORDS, NOT_ORG_HEADS, PLACE_HEADS)
    assert [c.type for c in kept] == ["place"]


def test_countries_among_the_subjects_topics() -> None:
    from cablestream.extraction.structure import subject_countries

    body = "SUBJECT: NETHERLANDS/ISAF: PARLIAMENTARY TRIP CANCELLED\n\n1. (C) Summary: the trip"
    found = list(subject_countries(body))
    assert [(c.name, body[c.start : c.end]) for c in found if c.start is not None] == [("NETHERLANDS", "NETHERLANDS")]
    assert list(subject_countries("SUBJECT: PARLIAMENTARY TRIP TO THE NETHERLANDS\n")) == []


def test_a_one_word_org_listed_with_a_place_is_a_place() -> None:
    from cablestream.extraction.evidence import places_by_company

    body = "the safety of truck convoys between Peshawar and Torkham. Iran and Hizballah; Syria and the UN"
    cands = [*_found("place", body, "Peshawar", "Iran", "Syria"), *_found("organization", body, "Torkham", "Hizballah")]
    places_by_company(cands, body)
    assert [c.type for c in cands] == ["place", "place", "place", "place", "organization"]


def test_an_acronym_pluralised_with_an_apostrophe_is_a_kind() -> None:
    body = "a boycott of the company by Turkish NGO 's and the threat; NGO's were also quick; the EU's and NATO"
    cands = [Candidate("organization", "NGO", "model", 0.6, body.rindex("NGO"), body.rindex("NGO") + 3, "NGO"),
             *_found("organization", body, "EU")]
    assert [c.name for c in bodies.kinds_not_bodies(cands, body, False)] == ["EU"]


def test_an_office_code_in_the_pass_lines_is_no_body() -> None:
    body = ("SUBJECT: IRAN: TALKS\n\nSTATE FOR NEA/FO (WELCH), EAP/K\nPLEASE PASS TO S/CT\n\n1. (C) The NEA "
            "officer met the EAP desk; S/CT and the IAEA; NATO said; the head of NEA/IR.")
    assert bodies.pass_line_offices(body) == {"NEA", "FO", "EAP", "CT"}
    cands = [Candidate("organization", n, "model", 0.6, body.rindex(n), body.rindex(n) + len(n), n)
             for n in ("NEA", "EAP", "IAEA", "NATO")]
    assert [c.name for c in bodies.kinds_not_bodies(cands, body, False)] == ["IAEA", "NATO"]
    # The codes in prose alone do not make the acronym an office: only the routing lines say so.
    assert bodies.pass_line_offices("the head of NEA/IR met the IAEA") == set()


def test_a_full_name_listed_with_a_place_stays_a_person() -> None:
    body = "insurgents in western Orakzai or Tariq Afridi militants; Zagreb, Split, Rijeka"
    cands = [*_found("place", body, "Orakzai"), *_found("person", body, "Tariq Afridi"),
             *_found("place", body, "Zagreb"), *_found("person", body, "Rijeka")]
    evidence.places_by_company(cands, body)
    assert [c.type for c in cands] == ["place", "person", "place", "place"]


def test_one_word_with_an_abstract_nouns_ending_is_an_idea() -> None:
    body = "the followers of Zoroastrianism; Eliot Ness; Ness said; Kurdishness"
    cands = [*_found("person", body, "Zoroastrianism", "Ness"), *_found("organization", body, "Kurdishness")]
    assert [c.name for c in bodies.labels_and_ideas(cands, body, False)] == ["Ness"]


def test_a_units_number_is_part_of_its_name() -> None:
    text = "the 14th Punjab Battalion (from Swat); Combined Task Force 152, 2009; UNSCR 1737; Channel 7"
    cases = (("Punjab Battalion", "14th Punjab Battalion"), ("Combined Task Force", "Combined Task Force 152"),
             ("UNSCR", "UNSCR"))
    for span, whole in cases:
        start = text.index(span)
        assert text[slice(*boundaries.unit_span(text, start, start + len(span)))] == whole
    assert not is_junk("14th Punjab Battalion", "organization", False)
    assert not is_junk("Combined Task Force 152", "organization", False)
    assert is_junk("UNSCR 1737", "organization", False) and is_junk("Channel 7", "organization", False)


def test_a_word_inside_a_bodys_name_read_whole_elsewhere_is_that_bodys() -> None:
    body = ("offered by Lockheed Martin have; efforts by the Embassy and Lockheed Martin, the debate; the Senate "
            "Foreign Relations Committee; the Senate Foreign Relations Committee")
    first = body.index("Lockheed")
    cands = [Candidate("organization", "Lockheed", "model", 0.6, first, first + 8, "Lockheed"),
             Candidate("person", "Martin", "model", 0.6, first + 9, first + 15, "Martin"),
             Candidate("organization", "Lockheed Martin", "model", 0.6, body.rindex("Lockheed"),
                       body.rindex("Lockheed") + 15, "Lockheed Martin"),
             *_found("organization", body, "Senate"),
             Candidate("organization", "Senate Foreign Relations Committee", "model", 0.6, body.rindex("Senate"),
                       body.rindex("Senate") + 34, "Senate Foreign Relations Committee")]
    kept = bodies.inside_bodies(cands, body, False)
    # An institution word stays a body of its own.
    assert [c.name for c in kept] == ["Lockheed Martin", "Senate", "Senate Foreign Relations Committee"]


def test_a_month_beside_a_day_is_a_date() -> None:
    text = "its decision on December 18 on which; 5 June talks; June Tancredi said; the MOD December announcement"
    for word, date in (("December", True), ("June", True)):
        start = text.index(word)
        assert boundaries.is_date(text, start, start + len(word)) is date
    start = text.index("June Tancredi")
    assert not boundaries.is_date(text, start, start + 4)
    assert [text[s:e] for s, e in titled.offices(text, frozenset())] == []


def test_a_place_that_takes_the_post_word_in_is_the_post_and_the_country_is_one() -> None:
    body = "cleared by Embassy Berlin and Embassies Djibouti; the Germans in Berlin; The UK agreed"
    cands = [*_found("place", body, "Embassy Berlin", "Embassies Djibouti"),
             Candidate("place", "Berlin", "model", 0.6, body.rindex("Berlin"), body.rindex("Berlin") + 6, "Berlin")]
    assert [c.name for c in placing.writer_posts(cands, body)] == ["Berlin"]
    uk = _found("organization", body, "The UK")
    assert [(c.type, c.name) for c in retype(uk)] == [("country", "United Kingdom")]


def test_a_full_name_listed_with_two_places_is_a_place() -> None:
    body = "in the states of Rio de Janeiro, Bahia, Minas Gerais, Espirito Santo, and Sergipe."
    cands = [*_found("place", body, "Rio de Janeiro"), *_found("organization", body, "Bahia"),
             *_found("person", body, "Minas Gerais", "Espirito Santo"), *_found("organization", body, "Sergipe")]
    evidence.places_by_company(cands, body)
    assert {c.type for c in cands} == {"place"}


def test_one_adjective_before_a_common_noun_is_no_body() -> None:
    body = "reading Koranic verses; Senatorial elections; the Allied contributions; Hamas leaders; the Koranic school"
    cands = [*_found("organization", body, "Senatorial", "Allied", "Hamas"),
             *[Candidate("organization", "Koranic", "model", 0.6, s, s + 7, "Koranic")
               for s in (body.index("Koranic"), body.rindex("Koranic"))]]
    assert [c.name for c in bodies.modifiers(cands, body, False)] == ["Hamas"]
