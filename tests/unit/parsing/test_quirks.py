"""Every quirk of GUIDE section 1, each on a real cable from the corpus."""

from __future__ import annotations

from cablestream.parsing import parse_bytes
from cablestream.record import Cable
from tests.unit.parsing.conftest import parse_one


def test_header_glued_to_body_is_split_at_the_marking() -> None:
    c = parse_one("09ASTANA497.txt")
    assert c.header is not None and c.header.endswith("RHMFIUU/CDR USCENTCOM MACDILL AFB FL")
    assert c.body.startswith("UNCLAS SECTION 01 OF 02 ASTANA 000497")
    assert c.info[-1].name == "CDR USCENTCOM MACDILL AFB FL"
    assert c.sections == 2


def test_seed_fields() -> None:
    c = parse_one("09ASTANA497.txt")
    assert (c.reference_id, c.transmission_id, c.precedence) == ("09ASTANA497", "VZCZCXRO5039", "IMMEDIATE")
    assert c.dtg == "2009-03-20T02:26:00Z" and c.created == "2009-03-20T00:00:00+01:00"
    assert c.from_ is not None and c.from_.name == "AMEMBASSY ASTANA"
    assert c.to[0].model_dump() == {"routing_indicator": "RUEHC", "name": "SECSTATE WASHDC",
                                    "precedence": "IMMEDIATE", "serial": "4966"}
    assert c.caveats == ["FOUO", "SENSITIVE", "SIPDIS"]
    assert c.pass_to == ["STATE FOR SCA/CEN, S/SRAP, EUR/RUS, EEB", "STATE PLEASE PASS TO USTR"]
    assert c.tags == ["PGOV", "PREL", "ECON", "EINV", "EFIN", "EAID", "RS", "KZ"]
    assert c.subject == "KAZAKHSTAN: LEAD WTO NEGOTIATIOR REQUESTS FLEXIBILITY"
    assert c.references == ["08ASTANA2445", "08ASTANA2570"]
    assert c.summary is not None and c.summary.startswith("On February 18, the Ambassador")
    assert [p.number for p in c.paragraphs] == list(range(1, 11))
    assert c.paragraphs[2].heading == "KAZAKHSTAN TO CONTINUE WTO NEGOTIATIONS"
    assert c.paragraphs[1].marking == "SBU"
    assert c.signers == ["HOAGLAND"]
    assert c.eo == "12958" and c.declassify_on is None


def test_page_break_lines_are_removed() -> None:
    assert "00000497  002 OF 002" not in parse_one("09ASTANA497.txt").body
    c = parse_one("06BAKU1835.html")
    assert "002 OF 00" not in c.body
    assert c.sections is not None and c.sections > 1


def test_stray_pilcrows_are_dropped_and_ref_items_kept() -> None:
    for name in ("06MOSCOW11778.txt", "06MOSCOW11778.html"):
        c = parse_one(name)  # ``... citizenship until\n¶2008.``: a year, not paragraph 2008
        assert "¶2008" not in c.body and "until\n2008." in c.body
        assert [p.number for p in c.paragraphs] == list(range(1, 9))
    paris = parse_one("05PARIS7527.html")
    assert [d.label for d in paris.references_detail] == ["A", "B"]
    assert paris.references == ["05PARIS7525"]  # ``B. OCTOBER 25 PARIS POINTS`` is no cable id
    assert paris.references_detail[1].id is None


def test_spaced_classification() -> None:
    c = parse_one("04AMMAN1288.html")
    assert c.body.startswith("S E C R E T SECTION 01 OF 02 AMMAN 001288")
    assert c.sections == 2 and c.classification_level == "SECRET"


def test_misspelled_or_colonless_tags_and_comma_separated() -> None:
    assert parse_one("04RANGOON88.html").tags == ["PGOV", "PARM", "PREL", "BM", "RS", "KS", "KNPP"]
    assert parse_one("04AMMAN1288.html").tags == ["PREL", "PGOV", "PTER", "IZ", "KU", "SY", "JO"]


def test_text_typos_are_kept_verbatim() -> None:
    # Parsing never corrects the text; resolving ``Aitzhnova`` is the extraction's job.
    assert "Aitzhanova" in parse_one("09ASTANA497.txt").body


def test_cable_without_telegram_header() -> None:
    c = parse_one("04ANKARA348.html")
    assert c.transmission_id is None and c.to == [] and c.partial
    assert c.tags[:3] == ["PREL", "PGOV", "PINS"]  # ``Tags: prel, pgov, pins, tu`` written in lower case
    assert c.classification_level == "CONFIDENTIAL"


def test_partial_extract() -> None:
    c = parse_one("00HARARE6677.html")
    assert c.partial and c.reference_id == "00HARARE6677"


def test_older_styles() -> None:
    old = parse_one("66BUENOSAIRES2481.txt")
    assert old.dtg == "1966-12-28T18:48:00Z" and old.precedence == "PRIORITY"
    assert old.tags == ["EFIS", "PBTS", "AR"] and old.body.startswith("UNCLASSIFIED BUENOS AIRES 2481")
    tehran = parse_one("79TEHRAN8980.txt")
    assert tehran.eo == "12065" and tehran.sections == 2
    assert tehran.to[0].name == "SECSTATE WASHDC" and tehran.to[0].serial == "3182"
    final = parse_one("72TEHRAN1164.html")
    assert final.source.format == "html-2011" and final.released == "2011-08-30T01:44:00"
    assert final.references == ["72TEHRAN1091", "72TEHRAN263", "72MOSCOW1603"]
    assert final.signers == ["HECK"]


def test_repeated_year_in_reference_id() -> None:
    c = parse_one("7575LIBREVILLE1895.html")
    # the archive publishes the id so: it stays the key, with a note of the id it probably meant
    assert c.reference_id == "7575LIBREVILLE1895" and c.subject == "KOREA AT 30TH UNGA: GABON"
    assert any("probably 75LIBREVILLE1895" in note for note in c.notes)
    assert [a.precedence for a in c.to] == ["NIACT IMMEDIATE", "IMMEDIATE"]


def test_metadata_disagreement_keeps_what_is_shown_and_notes_the_rest() -> None:
    c = parse_one("04AMMAN1288.html")
    assert c.classification == "SECRET"
    assert any("confidential" in note for note in c.notes)


def test_redacted_bodies() -> None:
    c = parse_one("04RANGOON88.html")  # ``An expatriate businessmanXXXXXXXXXXXX recently``
    assert "businessmanXXXXXXXXXXXX" in c.body
    assert all(set(s) != {"X"} for s in c.signers)


def test_ref_without_year_takes_the_cable_year() -> None:
    assert parse_one("04BRASILIA3154.html").references == ["04BRASILIA2890"]


def test_publisher_date_line_is_not_header() -> None:
    c = parse_one("09STATE132349.txt")
    assert c.header is not None and c.header.endswith("TO AMEMBASSY BUENOS AIRES 0374")
    assert c.body.startswith("Thursday, 31 December 2009, 14:55")
    assert c.subject == "ARGENTINA: KIRCHNER INTERPERSONAL DYNAMICS (C-AL9-02612)"
    assert c.classified_by is not None and c.classified_by.reasons == ["1.4(c)"]


def test_classified_by_wrapped_mid_word() -> None:
    c = parse_one("05PARIS7527.html")
    assert c.classified_by is not None
    assert c.classified_by.name == "POLITICAL MINISTER COUNSELOR JOSIAH ROSENBLATT"
    assert c.classified_by.reasons == ["1.4(b)", "1.4(d)"]


def test_an_ampersand_the_viewer_left_unescaped_is_text() -> None:
    # 08ASTANA338: ``Hollingsworth &pounding on the table8`` (the text publication has the same characters)
    page = ("<h3>Viewing cable 08ASTANA338, X</h3><table class='cable'><tr><td>08ASTANA338</td><td>2008-02-21 "
            "10:10</td><td>2010-12-02 21:09</td><td>CONFIDENTIAL</td><td>Embassy Astana</td></tr></table>"
            "<pre>header</pre><pre>C O N F I D E N T I A L ASTANA 000338&#x000A;&#x000A;1. (C) Hollingsworth "
            "&pounding on the table8 &amp; more &micro;</pre>")
    outcomes = list(parse_bytes(page.encode(), name="08ASTANA338.html"))
    assert isinstance(outcomes[0], Cable)
    assert "Hollingsworth &pounding on the table8 & more \u00b5" in outcomes[0].body  # entities still read
