"""TAGS, summaries and subjects as real cables write them (the corpus cable, or the issue's excerpt, named)."""

from __future__ import annotations

from cablestream.parsing.clean import clean_body
from cablestream.parsing.paragraphs import split_paragraphs
from cablestream.parsing.summary import find_summary
from cablestream.parsing.tags import parse_tags
from tests.unit.parsing.test_variants import text_cable


def test_person_tags_as_surname_given() -> None:
    assert parse_tags("OVIP STEINBERG JAMES PREL MNUC SN CH KN")[:2] == ["OVIP", "STEINBERG, JAMES"]  # 09BEIJING2964
    assert parse_tags("ovip (steinberg, james b.)") == ["OVIP", "STEINBERG, JAMES"]
    assert parse_tags("PGOV PREL KZ NAZARBAYEV, NURSULTAN") == ["PGOV", "PREL", "KZ", "NAZARBAYEV, NURSULTAN"]
    assert parse_tags("PREL PARMLY, MICHAEL") == ["PREL", "PARMLY, MICHAEL"]  # a surname that splits into codes


def test_glued_repeated_and_spelt_out_tags() -> None:
    assert parse_tags("KFRDKIRFCVISCMG") == ["KFRD", "KIRF", "CVIS", "CMGT"]  # the last code cut short
    assert parse_tags("KDEM PGOV PINR KDEMAF AF") == ["KDEM", "PGOV", "PINR", "AF"]  # 09KABUL4150
    assert parse_tags("ECON EINDETRD KIPR PREL FR") == ["ECON", "EIND", "ETRD", "KIPR", "PREL", "FR"]  # 09PARIS1267
    # 02ROME1196
    assert parse_tags("PHUM, OPRC, OPRC, OPRC, OPRC, IT, ITPHUM, ITPHUM, ITPHUM, HUMAN RIGHTS") == [
        "PHUM", "OPRC", "IT", "HUMAN RIGHTS"]
    assert parse_tags("PREL PGOV KXYZ") == ["PREL", "PGOV", "KXYZ"]  # an unknown code stays a code
    assert parse_tags("PTER YM COUNTER TERRORISM") == ["PTER", "YM", "COUNTER TERRORISM"]  # 04SANAA2346
    assert parse_tags("ECON PGOV PINR TU POLITICAL PARTIES")[-1] == "POLITICAL PARTIES"  # 05ANKARA7215


def test_a_tags_line_does_not_swallow_the_next_line() -> None:
    c = text_cable("TAGS: PGOV PREL KDEM\nMINISTER VISITS THE NORTH")
    assert c.tags == ["PGOV", "PREL", "KDEM"]
    c = text_cable("TAGS: PGOV, PREL,\nNAZARBAYEV, NURSULTAN\nSUBJECT: A VISIT")
    assert c.tags == ["PGOV", "PREL", "NAZARBAYEV, NURSULTAN"] and c.subject == "A VISIT"


def test_subjects_end_where_they_end() -> None:
    # 00HARARE6677: a page break inside the subject leaves its classification line behind
    c = text_cable("SUBJECT: ASSISTANT SECRETARY MEETS WITH ZIMBABWE\n CONFIDENTIAL\nOPPOSITION LEADER\n"
                   "REFTEL: HARARE 65")
    assert c.subject == "ASSISTANT SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER"
    # 09PRISTINA183: the page-break line of the section's second page
    c = text_cable("SUBJECT: SCENESETTER FOR THE VISIT OF VICE PRESIDENT BIDEN TO\nKOSOVO, MAY 21, 2009\n"
                   "PARIS 00000123  001.2 OF 002")
    assert c.subject == "SCENESETTER FOR THE VISIT OF VICE PRESIDENT BIDEN TO KOSOVO, MAY 21, 2009"
    # 08TEGUCIGALPA459: the REF written on the subject's line
    c = text_cable("SUBJECT: PERSONAL REFLECTIONS OF AMBASSADOR FORD REF: OFFICIAL BIOS ON FILE")
    assert c.subject == "PERSONAL REFLECTIONS OF AMBASSADOR FORD"


def summary_of(body: str) -> str | None:
    clean = clean_body(body)
    return find_summary(clean, split_paragraphs(clean))


def test_summary_heading_variants() -> None:
    # 08KYIV2414, 08LONDON1115, 09KABUL165 (``1.(S)``), 10MADRID154, 07ISLAMABAD31
    assert summary_of("1. (C) Summary and Comment: Controversial oligarch Firtash called. End Summary and "
                      "Comment.\n\n2. (C) More.") == "Controversial oligarch Firtash called"
    assert summary_of("1. (S/NF) Summary and Action Request. The UK MOD summoned PolMilOff. End Summary.\n\n"
                      "2. (S) x") == "The UK MOD summoned PolMilOff"
    assert summary_of("1.(C) Summary: The talks failed.\n\n2. (C) Next.") == "The talks failed"
    assert summary_of("1. (C) SUMMARY AND COMMENT: NATIONAL COURT PROSECUTOR GRINDA SPOKE.\n\n2. (C) X.") == (
        "NATIONAL COURT PROSECUTOR GRINDA SPOKE")
    assert summary_of("1. (C) Introduction and summary: During a December 29 meeting, Musharraf spoke.\n\n"
                      "2. (C) x") == "During a December 29 meeting, Musharraf spoke"


def test_summary_under_a_heading_or_closed_only() -> None:
    # 09KABUL165, 07LAPAZ2400: a heading line of its own; 08BRASILIA880: only ``End Summary.`` is written
    assert summary_of("Summary\n-------\n\n1.(S) On January 20, Petraeus met Karzai.\n\n2. (S) x") == (
        "On January 20, Petraeus met Karzai")
    assert summary_of("- - - -\nSummary\n- - - -\n\n1. (U) Following Quintana's attacks.\n\n2. (U) x") == (
        "Following Quintana's attacks")
    assert summary_of("1. (C) The Ambassador met Garcia on June 25. End Summary.\n\n2. (C) The Ambassador") == (
        "The Ambassador met Garcia on June 25")


def test_a_subject_stops_at_a_summary_heading_or_a_rule() -> None:
    # 09PRETORIA939: the subject line, a rule, then the Summary heading
    c = text_cable("SUBJECT: PART 1 OF 3: THE LIFE AND TIMES OF SOUTH AFRICA'S NEXT PRESIDENT\n-------\nSummary")
    assert c.subject == "PART 1 OF 3: THE LIFE AND TIMES OF SOUTH AFRICA'S NEXT PRESIDENT"
    c = text_cable("SUBJECT: A VISIT\nSUMMARY: THE VISIT WENT WELL. END SUMMARY.")
    assert c.subject == "A VISIT" and c.summary == "THE VISIT WENT WELL"


def test_more_heading_variants_and_a_heading_typed_twice() -> None:
    # 09BUENOSAIRES853, 04OTTAWA3115, 09STATE119085, 08ROME1406, 10ABUDHABI9
    assert summary_of("1. (S/NF) Summary/Introduction. The setback was severe. End Summary.\n\n2. (S) x") == (
        "The setback was severe")
    assert summary_of("Summary and Key Themes\n----------------------\n\n1. (C/NF) The Government welcomes your "
                      "visit. End Summary.\n\n2. (C) x") == "The Government welcomes your visit"
    assert summary_of("SUMMARY AND TABLE OF CONTENTS\n\n1.  (S/NF) This telegram replaces Ref A. END SUMMARY.\n\n"
                      "2. (S) x") == "This telegram replaces Ref A"
    assert summary_of("1. (C) Summary. 1. (C) Summary. The conditions in Italy differ. End Summary.\n\n2. (C) x") == (
        "The conditions in Italy differ")
    assert summary_of("(S//NF) Summary\n\n1. (S//NF) SUMMARY. On December 15-16, Treasury met. END SUMMARY.\n\n"
                      "2. (S) x") == "On December 15-16, Treasury met"
    # a word after SUMMARY that is no heading stays: only a closed heading is dropped
    assert summary_of("1. (C) Summary and the minister agreed. End Summary.\n\n2. (C) x") == (
        "and the minister agreed")
