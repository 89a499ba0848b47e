"""Rules that read the evidence around a name in the cable itself (extractor 2.2.0); snippets are real text."""

from __future__ import annotations

import pytest

from cablestream.extraction import evidence, personcues, pipeline, reference, titled
from cablestream.extraction.candidates import Candidate
from cablestream.extraction.context import class_acronyms, orgs_that_are_people, people_by_context, portfolios
from cablestream.extraction.kinds import org_kind, person_kind
from cablestream.extraction.persons import leading_offices
from cablestream.extraction.structure import classifier_name
from cablestream.extraction.titles import only_titles, strip_titles, title_typo


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("telling A/S Fried recently that Serbia", ["Fried"]),
        ("on the margins of a meeting with S/CT Dailey and the Ambassador", ["Dailey"]),
        ("co-chaired by UN SYG Ban and Iraq PM Maliki.  Secretary Rice will attend.", ["Ban", "Maliki", "Rice"]),
        ("On December 15, EAP DAS David Shear and Consulate Shenyang staff met", ["David Shear"]),
        ("Minister of Defense Alaiwa is under considerable pressure", ["Alaiwa"]),
        ("during an earlier meeting with CODEL Tierney (reftel), Musharraf said", ["Tierney"]),
        ("The Ambassador Calls on the MFA Said on", []),
        ("the USG and NATO Allies met", []),  # a code that is no office
    ],
)
def test_a_name_right_after_an_office_is_a_person(text: str, names: list[str]) -> None:
    ordinary = reference.common_words()
    assert [text[s:e] for s, e in titled.offices(text, ordinary)] == names


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("PAS Couselor Denise Urs", "Denise Urs"),  # a typo of a title is a title
        ("P/E CHIEF SHUBLER", "SHUBLER"),  # an office code holds a slash; a surname alone after an office
        ("ISN/MTR DIRECTOR PAM DURHAM", "PAM DURHAM"),
        ("Deputy Chief of Mission, Kevin M Johnson", "Kevin M Johnson"),
        ("EconOff W.Brafman", "W.Brafman"),
        ("Ambassador Richard E. Hoagland", "Richard E. Hoagland"),
        ("Political Counselor", ""),
        ("DCM", ""),
        ("PRT Salah Ad Din Leader Rick Bell", "Rick Bell"),  # 2.5.0: an office inside the value ends before the name
        ("Interagency Provincial Affairs Deputy Director Hoyt Yee", "Hoyt Yee"),
        ("Derived from Multiple Sources", ""),  # prose, no name
    ],
)
def test_the_classified_by_official(written: str, name: str) -> None:
    assert classifier_name(written) == name


def test_title_typos_and_office_codes() -> None:
    assert title_typo("Couselor") and title_typo("Ambasador") and not title_typo("Consuelo")
    assert strip_titles("ISN/MTR Director Pam Durham") == "Pam Durham"


def _people(body: str, *names: str) -> list[Candidate]:
    out = []
    for name in names:
        start = body.index(name)
        out.append(Candidate("person", name, "model", 0.6, start, start + len(name), name))
    return out


def test_a_body_named_by_its_kind_or_its_staff_is_no_person() -> None:
    body = 'first publicized in the liberal Islamist daily "Zaman," addressed; Spanish group Prisa (owners of'
    assert {c.type for c in people_by_context(_people(body, "Zaman", "Prisa"), body, False)} == {"organization"}
    body = "the Milan-Liverpool match. Mastercard officials, whose biggest problem"
    assert people_by_context(_people(body, "Mastercard"), body, False)[0].type == "organization"


def test_a_name_only_ever_after_an_article_names_no_one() -> None:
    body = ("into the south below the Litani and back; activities at the Yongbyon nuclear complex; speaking as a "
            "Kurd -- there; the Canelas and Rivero families; the Jospin government didn't; the Clinton White House")
    kept = people_by_context(_people(body, "Litani", "Yongbyon", "Kurd", "Rivero", "Jospin", "Clinton"), body, False)
    assert [c.name for c in kept] == ["Jospin", "Clinton"]
    body = "TO GTE TO THE SHERRY CASE, HIGHLIGHT"
    assert people_by_context(_people(body, "SHERRY"), body, True) == []
    body = "the Mladic hunt; Mladic said"  # one mention without an article keeps the person
    cands = _people(body, "Mladic")
    cands.append(Candidate("person", "Mladic", "model", 0.6, 17, 23, "Mladic"))
    assert len(people_by_context(cands, body, False)) == 2


def test_an_organisation_shaped_like_a_name_that_speaks_is_a_person() -> None:
    body = ("Econoff met with Felipe Hees of the Services Division. Although Hees stressed that; the Permanent "
            "Representation of the Netherlands, its permanent representation")
    cands = [Candidate("organization", n, "model", 0.6, body.index(n), body.index(n) + len(n), n)
             for n in ("Felipe Hees", "Permanent Representation")]
    orgs_that_are_people(cands, body, False, evidence.common(evidence.lower_words(body)))
    assert [c.type for c in cands] == ["person", "organization"]  # ordinary words are no name


def test_an_acronym_the_cable_pluralises_is_no_body() -> None:
    body = "the NGOs and one NGO; MANPAD and MANPADS; the EU"
    cands = [Candidate("organization", n, "model", 0.6, body.index(n), body.index(n) + len(n), n)
             for n in ("NGO", "MANPAD", "MANPADS", "EU")]
    assert [c.name for c in class_acronyms(cands, body, False)] == ["EU"]


def test_a_word_before_both_the_full_name_and_the_surname_is_an_office() -> None:
    # "extra security for General Manager Ozlem Imece ... General Manager Imece observed" (05ISTANBUL890)
    assert leading_offices(["Manager Ozlem Imece", "Manager Imece"]) == {"manager"}
    assert leading_offices(["Mark Smith", "John Smith"]) == frozenset()


def test_hyphenated_titles_and_short_written_titles() -> None:
    assert strip_titles("Minister-in-waiting Brown") == "Brown"
    text = "Section 5 DH, Ltc Marcas Burgos Legorretta, Section 5; Kyungnam University Prof. Lim Eul-chul also said"
    assert [text[s:e] for s, e in titled.offices(text, reference.common_words())] == [
        "Marcas Burgos Legorretta", "Lim Eul-chul"]


def test_a_lead_in_and_a_pluralised_name_are_no_people() -> None:
    body = "End Summary.  2. (SBU) Shortlived Honeymoon: Mastercard; (ethnic Pashtun) Taliban; the Pashtuns"
    kept = people_by_context(_people(body, "Shortlived Honeymoon", "Pashtun"), body, False)
    assert [(c.name, c.type) for c in kept] == [("Pashtun", "group")]


def test_offices_posts_areas_and_portfolios_are_no_organisations() -> None:
    from cablestream.extraction.kinds import org_kind, vet_orgs

    ordinary = reference.common_words()
    for name in ("EU Special Representative", "Embassy Kuwait", "U.S. Consulate", "AMEmbassy Asuncion"):
        assert org_kind(Candidate("organization", name, "model"), ordinary) is None, name
    assert org_kind(Candidate("organization", "ROK Joint Chiefs of Staff", "model"), ordinary) == "organization"
    cands = vet_orgs([Candidate("organization", n, "model") for n in ("Magway Division", "Board of Trustees of")],
                     False)
    assert [(c.type, c.name) for c in cands] == [("place", "Magway Division"), ("organization", "Board of Trustees")]
    body = "Assistant Secretary of State for Political Military Affairs Mull; the Director of the CIA"
    kept = portfolios([Candidate("organization", n, "model", 0.6, body.index(n), body.index(n) + len(n), n)
                       for n in ("State for Political Military Affairs", "CIA")], body, False)
    assert [c.name for c in kept] == ["CIA"]


def test_a_place_keeps_its_name_without_the_common_noun() -> None:
    from cablestream.extraction.pipeline import _span

    text = "Uranium is found naturally in Katanga province, and in the Gaza strip."
    start = text.index("Katanga")
    assert _span(text, start, start + len("Katanga province"), "place") == ("Katanga", start, start + 16)
    start = text.index("the Gaza")
    assert _span(text, start, start + len("the Gaza strip"), "place")[0] == "Gaza"


def test_a_medium_the_model_reads_as_a_place_is_an_organisation() -> None:
    body = "La Paz's second-largest daily La Prensa, but; In La Paz, they own La Prensa; the newspaper 24 Saati (24"
    first, second = body.index("La Prensa"), body.rindex("La Prensa")
    cands = [Candidate("organization", "La Prensa", "model", 0.6, first, first + 9, "La Prensa"),
             Candidate("place", "La Prensa", "model", 0.6, second, second + 9, "La Prensa"),
             *_people(body, "Saati")]
    assert [c.type for c in people_by_context(cands, body, False)] == ["organization"] * 3


def test_titles_in_an_all_caps_cable_are_read_after_re_casing() -> None:
    from cablestream.extraction import truecase

    text = "PLANNING ASSASSINATION ATTEMPT ON EMPRESS FARAH OR OTHER MEMBER OF IMPERIAL FAMILY"
    recased = titled.recase_titles(truecase.truecase(text))
    assert len(recased) == len(text)
    assert [text[s:e] for s, e in titled.royal(recased)] == ["EMPRESS FARAH"]


def test_a_royal_title_is_no_given_name() -> None:
    from cablestream.extraction.persons import cluster

    people = cluster(["Princess Mahnaz", "Granddaughter Mahnaz"])
    assert people["granddaughter mahnaz"] is people["princess mahnaz"]


def test_a_name_set_off_by_commas_after_a_title_is_a_person() -> None:
    text = "head of CENTIF, Ngouda Fall Kane, and the new Justice Minister, El Hadj Amadou Sall, to explain"
    assert [text[s:e] for s, e in titled.offices(text, reference.common_words())] == ["El Hadj Amadou Sall"]


def test_an_organisation_across_a_list_of_people_is_split_at_its_office_codes() -> None:
    from cablestream.extraction.context import people_in_lists

    body = "Coordinator Daniel Benjamin CDA Charles Hunter DHS A/S David Heyman NEA DAS Maura Connelly NSC"
    cands = [Candidate("organization", n, "model", 0.6, body.index(n), body.index(n) + len(n), n)
             for n in ("Charles Hunter DHS", "David Heyman NEA DAS Maura")]
    cands.append(Candidate("organization", "Abdul Rahman AL-MARZOUQ", "model", 0.6, 0, 0, "Abdul Rahman AL-MARZOUQ"))
    out = people_in_lists(cands, False, reference.common_words())
    assert [(c.type, c.text) for c in out] == [
        ("person", "Charles Hunter"), ("person", "David Heyman"), ("organization", "Abdul Rahman AL-MARZOUQ")]


def test_one_recased_word_read_once_in_an_all_caps_cable_is_no_person() -> None:
    from cablestream.extraction.resolve import _unsupported

    once = [Candidate("person", "FESTER", "model", 0.6, 10, 16, "FESTER")]
    assert _unsupported(once, "Fester")
    titled_once = [Candidate("person", "TAHERI", "model", 0.7, 10, 16, "TAHERI")]  # "GENERAL TAHERI"
    twice = [*once, Candidate("person", "FESTER", "model", 0.6, 40, 46, "FESTER")]
    assert not _unsupported(titled_once, "Taheri") and not _unsupported(twice, "Fester")


def test_a_form_the_model_calls_person_more_often_than_norp_stays_a_person() -> None:
    from cablestream.extraction.resolve import retype

    cands = [Candidate(kind, "TAHERI", "model", 0.6, i * 10, i * 10 + 6, "TAHERI")
             for i, kind in enumerate(["person", "person", "group"])]
    assert [c.type for c in retype(cands, upper_text=True)] == ["person", "person", "group"]


def _at(body: str, kind: str, text: str, nth: int = 0) -> Candidate:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Candidate(kind, text, "model", 0.6, start, start + len(text), text)


def test_a_given_name_used_alone_after_the_full_name_is_that_person() -> None:
    """A full name seen once explains its fragment: ``Dilma`` (read as ORG) after ``Dilma Rousseff``; not one
    written before the full name, nor one after a locative, nor the given name of a name with a place in it."""
    from cablestream.extraction.resolve import retype

    body = ("Candidate Dilma Rousseff leads the polls. Voters said they trust Dilma on the economy. "
            "Guests from Zanakhan District came. Later Zanakhan signed.")
    cands = [_at(body, "person", "Dilma Rousseff"), _at(body, "organization", "Dilma", 1),
             _at(body, "person", "Zanakhan District"), _at(body, "place", "Zanakhan", 1)]
    assert [c.type for c in retype(cands, body=body)] == ["person", "person", "person", "place"]
    before = "Dilma spoke first. Then Dilma Rousseff arrived, and Dilma left."
    cands = [_at(before, "organization", "Dilma"), _at(before, "person", "Dilma Rousseff"),
             _at(before, "organization", "Dilma", 2)]
    assert [c.type for c in retype(cands, body=before)] == ["organization", "person", "organization"]
    located = "Badr al Busaidi arrived. Troops massed in Badr overnight."
    cands = [_at(located, "person", "Badr al Busaidi"), _at(located, "place", "Badr", 1)]
    assert [c.type for c in retype(cands, body=located)][-1] == "place"


def _name_from(text: str, span: str, not_people: frozenset[str] = frozenset()) -> str:
    start = text.index(span)
    ordinary = evidence.common(evidence.lower_words(text), text)
    return text[personcues.name_start(text, start, start + len(span), ordinary, not_people):start + len(span)]


@pytest.mark.parametrize(
    ("text", "span", "name"),
    [
        # A function word or a sentence-opening participle is grammar (2.5.0).
        ("was warm and frank.  Although Mashabane thanked the USG", "Although Mashabane", "Mashabane"),
        ("to build mutual trust. Both Liu and Geithner agreed", "Both Liu", "Liu"),
        ("even those who seek his success. Managing Preval will remain challenging", "Managing Preval", "Preval"),
        ("He met Managing Director Kim", "Managing Director", "Managing Director"),  # not at a sentence's start
        # A title's complement: a country, an ordinary word, a word the cable writes without the next one.
        ("Minister President of Hesse Roland Koch, and others.  Elections in Hesse will", "Hesse Roland Koch",
         "Roland Koch"),
        ("a useful schedule for Speaker of the House Nancy Pelosi, and the house was", "House Nancy Pelosi",
         "Nancy Pelosi"),
        ("UK Ambassador to Tehran Geoffrey Adams met the Embassy", "Tehran Geoffrey Adams", "Geoffrey Adams"),
        # What stays: a monarch, a given name never written alone, a complement with no name in it.
        ("had sent a letter to the advisor to King Abdullah on this", "King Abdullah", "King Abdullah"),
        ("to urge the Secretary to Musa Kusa about it", "Musa Kusa", "Musa Kusa"),
        ("the new Secretary General of the Elysee Palace who served; the Elysee said", "Elysee Palace",
         "Elysee Palace"),
        ("Frank Graves told Poloff he was frank", "Frank Graves", "Frank Graves"),
    ],
)
def test_where_a_persons_name_begins(text: str, span: str, name: str) -> None:
    assert _name_from(text, span) == name


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Commanding General Nicholson", "Nicholson"),
        ("Global Justice's Dias", "Dias"),
        ("T U/S Ellen O. Tauscher", "Ellen O. Tauscher"),
        ("Sharif Sheikh Ahmed", "Sharif Sheikh Ahmed"),  # a title that is a word of the name stays
        ("Jordanian King Abdullah", "Jordanian King Abdullah"),
        ("Uganda People's Defense Force", "Uganda People's Defense Force"),  # a body's head after a portfolio
        ("Maria das Gracas Foster", "Maria das Gracas Foster"),  # a particle, not the office DAS
    ],
)
def test_an_office_inside_a_name_ends_before_the_name(written: str, name: str) -> None:
    assert strip_titles(written) == name


def test_a_name_shaped_body_listed_with_a_person_is_a_person() -> None:
    body = ("Funes and Sanchez Ceren did not talk; murder (Melgar, Nidia Diaz, Schafik Handal); on the Africa "
            "Partnership Station, Lossada said; Defense Minister Nelson Jobim, Casa Civil Minister Dilma Rousseff")
    people = [Candidate("person", n, "model", 0.6, body.index(n), body.index(n) + len(n), n)
              for n in ("Funes", "Melgar", "Schafik Handal", "Lossada", "Nelson Jobim", "Dilma Rousseff")]
    orgs = [Candidate("organization", n, "model", 0.6, body.index(n), body.index(n) + len(n), n)
            for n in ("Sanchez Ceren", "Nidia Diaz", "Africa Partnership Station", "Casa Civil")]
    orgs_that_are_people([*people, *orgs], body, False, evidence.common(evidence.lower_words(body)))
    # A comma alone is no list, and a form before a title is the title's portfolio.
    assert [c.type for c in orgs] == ["person", "person", "organization", "organization"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Minhad Air Base", None),  # a facility
        ("Antonio Carlos Jobim International Airport", None),
        ("National Intelligence Estimate", None),  # a document
        ("John Tower", "person"),
        ("Steve Case", "person"),
    ],
)
def test_a_facility_or_a_document_is_no_person(name: str, kind: str | None) -> None:
    assert person_kind(name, upper_text=False) == kind


def test_titles_in_the_plural_and_honorifics_are_titles() -> None:
    assert strip_titles("Ayatollahs Mesbah-Yazdi") == "Mesbah-Yazdi"
    assert only_titles("His Majesty")
    assert strip_titles("His Majesty King Abdullah") == "King Abdullah"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Supreme Leader", None),
        ("Abu Dhabi Crown Prince", None),
        ("FMLN Coordinator General", None),
        ("SADC Chair", None),
        ("Russian Consulate General", "organization"),  # a post, not an office
        ("Ministers of Interior", None),
        ("Office of the President", "organization"),
        ("Joint Chiefs of Staff", "organization"),
        ("Guardian Council", "organization"),
    ],
)
def test_a_name_headed_by_an_office_is_no_body(name: str, kind: str | None) -> None:
    assert org_kind(Candidate("organization", name, "model", 0.6), frozenset()) == kind


@pytest.mark.parametrize(
    ("text", "located"),
    [
        ("12,000 families displaced from Orakzai and", True),
        ("TTP insurgents in western Orakzai or", True),
        ("militants in the Darra Adam Khel region of NWFP", True),
        ("moved to the Khyber and Kurram borders with Orakzai.", True),
        ("a letter from Orakzai to the", False),  # "from" alone says nothing
        ("President Orakzai said", False),
    ],
)
def test_a_name_in_an_areas_place_is_located(text: str, located: bool) -> None:
    name = "Adam Khel" if "Khel" in text else "Orakzai"
    start = text.index(name)
    assert pipeline._located_person(text, start, start + len(name)) is located


def test_offices_written_as_acronyms_are_titles() -> None:
    assert strip_titles("CHOD Kayani") == "Kayani" and strip_titles("DASD Flournoy") == "Flournoy"
    for office in ("CHOD", "ADCM", "PMIN", "ASD", "CEO", "PetAtt"):
        assert org_kind(Candidate("organization", office, "model", 0.6), frozenset()) is None, office


def test_a_title_phrase_that_runs_past_a_sentence_stops_at_the_first_name() -> None:
    text = "co-chaired by CDDEA Ambassador Wayne or Deputy Ambassador Ricciardone and ISAF J2 MG Flynn. The Le"
    assert [text[s:e] for s, e in titled.find(text)] == ["Ricciardone"]
    text = "met Deputy Assistant U.S. Trade Representative for South and Central Asia Claudio Lilienfeld on"
    assert [text[s:e] for s, e in titled.find(text)] == ["Claudio Lilienfeld"]
    text = "Cofer Black with Djiboutian Amb. to the U.S. Robleh Olhaye (who was present)"
    assert [text[s:e] for s, e in titled.find(text)] == ["Robleh Olhaye"]


def test_a_name_after_a_lower_case_article_does_not_vote_for_a_person() -> None:
    from cablestream.extraction.kinds import place_votes

    body = "the Pikalevo plant; workers in Pikalevo; the Pikalevo crisis"
    cands = [Candidate("person", "Pikalevo", "model", 0.5, body.index("Pikalevo"), body.index("Pikalevo") + 8, "x"),
             Candidate("place", "Pikalevo", "model", 0.7, body.index("in P") + 3, body.index("in P") + 11, "x"),
             Candidate("person", "Pikalevo", "model", 0.5, body.rindex("Pikalevo"), body.rindex("Pikalevo") + 8, "x")]
    assert place_votes(cands)["pikalevo"] == 2
    text = "the Jose condominium"
    assert pipeline._THING_OF.search(text, 0, text.index("Jose"))
