"""REF citations resolved against the archive's ids: the quirks of real REF lines, each with how it was read.

``tests/fixtures/ref_kinds.json`` holds the REF excerpts of real cables (the kinds of issue 13), with a citing
cable and month that fit the cited one where the archive holds it (most of its ids, not all).  Preamble
excerpts are quoted from the corpus cable named beside them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cablestream.parsing.archive import archive
from cablestream.parsing.citations import Citing
from cablestream.parsing.ids import split_id
from cablestream.parsing.posts import resolve_post
from cablestream.parsing.refs import parse_refs
from tests.unit.parsing.test_variants import text_cable

CASES = json.loads((Path(__file__).parents[2] / "fixtures" / "ref_kinds.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['kind']}: {c['ref']}" for c in CASES])
def test_real_ref_quirks(case: dict[str, Any]) -> None:
    year, post, serial = split_id(case["citing"]) or ("", "", "0")
    ids, details = parse_refs([case["ref"]], Citing(year, case["month"], post, int(serial)))
    assert ids == case["ids"]
    assert all(d.resolution != "unresolved" and d.span for d in details)


def test_how_each_reference_was_resolved() -> None:
    ids, details = parse_refs(["(A) 08 ASTANA 2445; (B) BRASILA 931; (C) STATE 41252 AND 44603; (D) DAILY REPORT"],
                              Citing("09", 10, "ASTANA", 700))
    assert ids == ["08ASTANA2445", "09BRASILIA931", "09STATE41252", "09STATE44603"]
    assert [(d.label, d.resolution, d.span) for d in details] == [
        ("A", "exact", "08 ASTANA 2445"), ("B", "corrected", "BRASILA 931"),
        ("C", "year_inferred", "STATE 41252 AND 44603"), ("C", "year_inferred", "STATE 41252 AND 44603"),
        ("D", "unresolved", "DAILY REPORT")]


def test_the_archive_universe() -> None:
    universe = archive()
    assert universe.exists("09ASTANA497") and not universe.exists("09ASTANA999999")
    assert universe.exists("06SECION01OF02HARARE628") and len(universe.malformed) == 53
    assert sum(len(s) for s in universe.serials.values()) + len(universe.malformed) == 251_287


def test_posts_as_typists_write_them() -> None:
    assert resolve_post("Sao Paulo") == ("SAOPAULO", "exact")
    assert resolve_post("SECSTATE") == ("STATE", "exact")
    assert resolve_post("TALLIN") == ("TALLINN", "corrected")  # 09USNATO464
    assert resolve_post("DUBAI RPO") == ("RPODUBAI", "corrected")  # 09RPODUBAI379
    for word in ("PARAS", "REPORT", "XXXXXXXXXXXX", "E-MAIL", "A", "Washington", "Party", "QUITE", "STAGE"):
        assert resolve_post(word) is None, word


def test_a_serial_not_yet_sent_is_last_years() -> None:
    # 10MANAGUA115 cites MANAGUA 182 (above its own serial) and 09 cables without a year
    ids, _ = parse_refs(["A. MANAGUA 182 B. MANAGUA 49"], Citing("10", 2, "MANAGUA", 115))
    assert ids == ["09MANAGUA182", "10MANAGUA49"]
    # 04RANGOON88 (January 2004) cites STATE 297614: no post is that far into a year in January
    ids, _ = parse_refs(["A. STATE 297614"], Citing("04", 1, "RANGOON", 88))
    assert ids == ["03STATE297614"]


def test_ref_keys_of_real_preambles() -> None:
    # the key written on the subject line; Reftel:; PROGRAM REF:; Ref(s):
    c = text_cable("SUBJECT: ENERGY INSTALLATIONS REF: BRASILIA 861")  # cited from a March 2009 cable:
    assert c.subject == "ENERGY INSTALLATIONS" and c.references == ["08BRASILIA861"]  # Brasilia was not at 861
    c = text_cable("SUBJECT: WORKING WITH BRAZIL\nON CLIMATE CHANGE Ref(s): A. 08 BRASILIA 1666")
    assert c.subject == "WORKING WITH BRAZIL ON CLIMATE CHANGE" and c.references == ["08BRASILIA1666"]
    assert text_cable("Reftel: HARARE 65").references == ["09HARARE65"]  # 00HARARE6677 (the serial lowered)
    assert text_cable("PROGRAM REF: STATE 12345").references == ["09STATE12345"]
    assert text_cable("REF: (A) Sao Paulo 42").references_detail[0].resolution == "year_inferred"


def test_references_after_a_page_break() -> None:
    # 09BRASILIA28: the 2010 viewer runs the page-break line onto the end of the REF line
    c = text_cable("REF: (A) BRASILIA 1666 (B) BRASILIA 1159 BRASILIA 00000028 001.4 OF 003")
    assert c.references == ["08BRASILIA1666", "08BRASILIA1159"]
    # 09MADRID1003: a page-break line of a section's second page (``001.2 OF 002``) inside the REF block
    c = text_cable("REF: A. PARIS 110\nPARIS 00000123  001.2 OF 002\n B. PARIS 99")
    assert c.references == ["09PARIS110", "09PARIS99"]


def test_lower_case_citations_and_mixed_label_cases() -> None:
    assert parse_refs(["london 4212"], Citing("05", 12, "LONDON", 4981))[0] == ["05LONDON4212"]  # 05LONDON4981
    # 08STATE15220: a lower-case list with one label typed in capitals
    ids, _ = parse_refs(["a. 05 state 201650 B. 05 berlin 3726 c. 05 state 211408 d. 06 berlin 674"],
                        Citing("08", 2, "STATE", 15220))
    assert ids == ["05STATE201650", "05BERLIN3726", "05STATE211408", "06BERLIN674"]


def test_a_ref_list_broken_by_a_page_break() -> None:
    c = text_cable("REF: PARIS 110, PARIS 111,\n\nPARIS 00000123  002 OF 003\n\nPARIS 99\n\nCLASSIFIED BY: X, 1.4(B)")
    assert c.references == ["09PARIS110", "09PARIS111", "09PARIS99"]


def test_apostrophes_in_posts_and_prose() -> None:
    assert parse_refs(["A. 08 N'Djamena 45"], Citing("09", 5))[0] == ["08NDJAMENA45"]
    # 72TEHRAN4789: an airgram is no cable of the archive's kind; the telegram after it is
    assert parse_refs(["TEHRAN'S A-077 OF MAY 15, 1972: TEHRAN 3312"], Citing("72", 8, "TEHRAN", 4789))[0] == [
        "72TEHRAN3312"]


def test_slashed_serials_and_telegrams_cited_by_kind() -> None:
    assert parse_refs(["STATE 41252/44603"], Citing("09", 5))[0] == ["09STATE41252", "09STATE44603"]
    assert parse_refs(["STATE 123456/7"], Citing("09", 5))[0] == []  # no serial cut out of a longer number
    # 1970s cables (the 2011 release): DEPTEL is the Department's telegram, EMBTEL the post's own
    ids, details = parse_refs(["A. EMBTEL 1234 B. DEPTEL 5678"], Citing("72", 8, "TEHRAN", 4789))
    assert ids == ["72TEHRAN1234", "72STATE5678"] and {d.resolution for d in details} == {"corrected"}


def test_a_year_written_after_the_serial() -> None:  # 09SAOPAULO663
    ids, details = parse_refs(["SAO PAULO 433; BRASILIA 709 (08) SAO PAULO 542"], Citing("09", 8, "SAOPAULO", 600))
    assert ids == ["09SAOPAULO433", "08BRASILIA709", "09SAOPAULO542"]
    assert details[1].resolution == "exact"
