"""Variants of the preamble keys the corpus shows rarely or not at all, built from the documented format.

Real snippets are quoted where the corpus has the variant (the cable is named); the others are
synthetic, written the way GUIDE section 1 describes the format.
"""

from __future__ import annotations

from cablestream.parsing import parse_bytes
from cablestream.record import Cable

_META = "09PARIS123\nTEST SUBJECT\nFri Mar 20 00:00:00 +0100 2009\nCONFIDENTIAL\nEmbassy Paris\n"


def text_cable(preamble: str) -> Cable:
    body = f"C O N F I D E N T I A L PARIS 000123\n\nSIPDIS\n\n{preamble}\n\n1. (C) Text here.\n\nSMITH\n"
    outcomes = list(parse_bytes((_META + body).encode()))
    assert len(outcomes) == 1 and isinstance(outcomes[0], Cable), outcomes
    return outcomes[0]


def test_reasons_joined_by_and_in_capitals() -> None:
    # 08STATE50524, which also types the key twice
    c = text_cable("Classified By: CLASSIFIED BY ISN ACTING DAS ELIOT KANG FOR REASONS 1.4 (B) AND (D).")
    assert c.classified_by is not None
    assert c.classified_by.name == "ISN ACTING DAS ELIOT KANG"
    assert c.classified_by.reasons == ["1.4(b)", "1.4(d)"]


def test_classified_by_variants() -> None:
    cases = {
        "CLASSIFIED BY DCM JANE DOE, E.O. 12958, REASONS 1.4 (B) AND (D)": ("DCM JANE DOE", ["1.4(b)", "1.4(d)"]),
        "Classified by: Political Counselor John Smith\nfor reasons 1.4 (b) and (d).":
            ("Political Counselor John Smith", ["1.4(b)", "1.4(d)"]),
        "Classified By: DCM Jane Doe. REASON: 1.4(B)": ("DCM Jane Doe", ["1.4(b)"]),
        "Classified By: John Smith, Reasons: 1.4 b, d": ("John Smith", ["1.4(b)", "1.4(d)"]),
    }
    for line, (name, reasons) in cases.items():
        c = text_cable(line)
        assert c.classified_by is not None, line
        assert (c.classified_by.name, c.classified_by.reasons) == (name, reasons), line


def test_lower_case_ref_labels() -> None:
    c = text_cable("REF: a) RIO 346, b) RIO 329")  # 09RIODEJANEIRO353
    # this March 2009 cable cannot cite Rio's 2009 346: Rio sent its 91 after March (the archive's months)
    assert c.references == ["08RIODEJANEIRO346", "08RIODEJANEIRO329"]
    assert [(d.label, d.raw) for d in c.references_detail] == [("A", "RIO 346"), ("B", "RIO 329")]


def test_a_lone_lower_case_letter_is_not_a_label() -> None:
    c = text_cable("REF: STATE 12345 e. PARIS 99")
    assert [d.label for d in c.references_detail] == [None, None]
    assert c.references == ["09STATE12345", "09PARIS99"]


def test_ref_shapes() -> None:
    cases = {
        "REF: A. STATE 12345 B. 08 PARIS 123": ["09STATE12345", "08PARIS123"],
        "REFS: A) STATE 12345\n     B) 08 PARIS 123": ["09STATE12345", "08PARIS123"],
        "REF: (A) STATE 12345; (B) 08 PARIS 123": ["09STATE12345", "08PARIS123"],
        "REF: A. 08 STATE\n     12345 B. PARIS 99": ["08STATE12345", "09PARIS99"],
        "REF: A. 2008 STATE 12345": ["08STATE12345"],
        "REFTEL: SECSTATE 12345": ["09STATE12345"],
        "REF: A. STATE 12345\n\nB. PARIS 122": ["09STATE12345", "09PARIS122"],
        "REF: A. STATE 12345\n\nB. PARIS 124": ["09STATE12345", "08PARIS124"],  # after PARIS 123: last year's
        "REF: NONE": [],
    }
    for line, ids in cases.items():
        assert text_cable(line).references == ids, line


def test_tags_with_a_dash_after_the_key() -> None:
    assert text_cable("TAGS - PREL, PGOV").tags == ["PREL", "PGOV"]
    assert text_cable("TAGE PREL PGOV FR").tags == ["PREL", "PGOV", "FR"]
    assert text_cable("TAGS: PREL; PGOV;\n      ECON FR").tags == ["PREL", "PGOV", "ECON", "FR"]


def test_executive_order_spellings() -> None:
    for line in ("E.O. 13526: DECL: 03/20/2019", "EO 13526 DECL: 03/20/2019", "E.0. 13526: DECL: 03/20/2019",
                 "E. O. 13526: DECLASSIFY ON: 03/20/2019"):
        c = text_cable(line)
        assert (c.eo, c.declassify_on) == ("13526", "2019-03-20"), line


def test_schedule_of_eo_11652() -> None:
    # 75LIBREVILLE1895 (``E.O. 11652: NGDS``), 73TEHRAN8233 (``GDS``)
    assert text_cable("E.O. 11652: NGDS").declassify_on == "NGDS"
    assert text_cable("E.O. 11652: XGDS-1").declassify_on == "XGDS-1"
    assert text_cable("E.O. 11652: N/A").declassify_on is None


def test_schedule_with_a_date_gives_the_date() -> None:
    c = text_cable("E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P")  # 79TEHRAN8980
    assert (c.eo, c.declassify_on) == ("12065", "1985-08-12")


def test_subject_wrapped_with_marking() -> None:
    c = text_cable("SUBJECT: (C/NF) ONE TWO\n         THREE FOUR\nREF: STATE 1")
    assert c.subject == "ONE TWO THREE FOUR"
    assert c.references == ["09STATE1"]
