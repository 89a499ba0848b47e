"""Every way a cable signs, on the closing lines of real cables (the corpus cable named beside each).

The forms the corpus lacks (two signers, FOR THE AMBASSADOR, acting heads) are written the way the format
lays them out, with surnames of real signers.
"""

from __future__ import annotations

from cablestream.parsing.signers import signers_of


def test_a_surname_line_and_page_furniture_after_it() -> None:
    assert signers_of("opportunities, including the MCA.\nEnd comment.\n\nHOAGLAND\n") == ["HOAGLAND"]
    assert signers_of("CHICOLA\n    ...") == ["CHICOLA"]  # 08BRASILIA674: the publisher's cut
    assert signers_of("\n\nKUBISKE KUBISKE\n...") == ["KUBISKE"]  # 09BRASILIA1460
    assert signers_of("text.\n\nMANZANARES .\nBT\n#0497\nNNNN") == ["MANZANARES"]


def test_a_signature_followed_by_a_post_footer() -> None:
    # 09ANKARA1549: the footer after the signature, its address broken over the line
    body = ("JEFFREY\n\n\u201cVisit Ankara's Classified Web Site at http://www.intelink.s "
            "gov.gov/wiki/Portal:Turkey\u201d")
    assert signers_of(body) == ["JEFFREY"]
    body = "Jeffrey\n\"Visit Ankara's Classified Web Site at http://www.intelink.s\ngov.gov/wiki/Portal:Turkey\""
    assert signers_of(body) == ["JEFFREY"]  # 10ANKARA302


def test_a_footer_and_the_signature_on_one_line() -> None:
    # 06PARIS7755, 07LONDON4472 (the name in mixed case, known as a London signer), 09TELAVIV1324
    assert signers_of("Please visit Paris\u2019 Classified Website at: "
                      "http://www.state.sgov.gov/p/eur/paris/index.c fm STAPLETON") == ["STAPLETON"]
    assert signers_of("Visit London\u2019s Classified Website: "
                      "http://www.state.sgov.gov/p/eur/london/index. cfm Tuttle") == ["TUTTLE"]
    assert signers_of("y Tel Aviv\u2019s Classified Website: http://www.state.sgov.gov/p/nea/telaviv "
                      "********************************************* ******************** CUNNINGHAM") == ["CUNNINGHAM"]


def test_a_last_paragraph_running_into_the_signature() -> None:
    assert signers_of("\u00b66. (U) This message has been coordinated with Embassy Berlin. BUTCHER") == ["BUTCHER"]
    assert signers_of("a convenient whipping boy for ZANU-PF. END COMMENT RAY") == ["RAY"]  # 10HARARE93
    assert signers_of("making it an autonomous offense. KUBISKE 2009-12-31") == ["KUBISKE"]  # 09BRASILIA1540
    assert signers_of("hearts and minds of the North Korean people. XXXXXXXXXXX STEPHENS") == ["STEPHENS"]
    assert signers_of("cooperation between the United States and Brazil.\n\nMINIMIZE CONSIDERED SHANNON") == [
        "SHANNON"]  # 10BRASILIA43


def test_closing_prose_is_no_signature() -> None:
    assert signers_of("including the Millennium Challenge Account (MCA).\nEnd comment.") == []  # 07LAPAZ383
    assert signers_of("\u00b68. (U) Point of contact for this information RSO\nPeshawar, David J. Hazarian") == []
    assert signers_of("the ANC Natal underground.\nEnd of Part One LA LIME") == []  # 09PRETORIA939
    assert signers_of("the embassy will report septel. SIPDIS") == []
    assert signers_of("End Cable Text\n XXXXXXXXXXXX") == []  # 09STATE63860: the signer redacted
    assert signers_of("as reported by the press. Rumors") == []  # mixed case, not a known signer
    assert signers_of("AND THE FUTURE\nClassified By: Political Counselor Annie Pforzheimer, ...") == []  # 09KABUL3423


def test_two_signers_titles_and_acting_heads() -> None:
    assert signers_of("text.\n\nRICE/SMITH") == ["RICE", "SMITH"]
    assert signers_of("text.\n\nGATES / RICE") == ["GATES", "RICE"]
    assert signers_of("text.\n\nFOR THE AMBASSADOR:\nKUBISKE") == ["KUBISKE"]
    assert signers_of("text.\n\nKUBISKE\nFOR THE AMBASSADOR") == ["KUBISKE"]
    assert signers_of("text.\n\nKUBISKE, ACTING") == ["KUBISKE"]
    assert signers_of("text.\n\nCHARGE D'AFFAIRES KUBISKE") == ["KUBISKE"]
    assert signers_of("text.\n\nAmbassador Richard E. Hoagland") == ["HOAGLAND"]
    assert signers_of("text.\n\nSOBEL 2008-01-08") == ["SOBEL"]  # 08BRASILIA43


def test_a_quoted_publisher_line_after_the_text() -> None:
    body = "NEW ONES. POPE\n CONFIDENTIAL\n>  2002ROME01196 - Classification: CONFIDENTIAL"  # 02ROME1196
    assert signers_of(body) == ["POPE"]


def test_the_2011_release_footer() -> None:
    # 73TEHRAN7005, 75TEHRAN2069
    assert signers_of("HELMS\nDeclassified/Released US Department of State EO Systematic Review 30 JUN 2005\nNNN") == [
        "HELMS"]
    assert signers_of("HELMS\nDeclassified/Released US Department of State EO\nSystematic Review 05 JUL 2006") == [
        "HELMS"]


def test_two_signers_on_two_lines_and_more_titles() -> None:
    assert signers_of("text.\n\nBURNS\nRICE") == ["BURNS", "RICE"]  # both known signers
    assert signers_of("last two years.  See ref (D).\nEnd List.\nDERSE") == ["DERSE"]  # 09BAKU175
    assert signers_of("THE MINISTER AGREED\nRICE") == ["RICE"]
    assert signers_of("text.\n\nCharge d'Affaires a.i. Kubiske") == ["KUBISKE"]
    assert signers_of("text.\n\nACTING KUBISKE") == ["KUBISKE"]


def test_the_publishers_cut_subject_after_the_signature() -> None:
    assert signers_of("detention\" judge's decision. End comment.\nLeach\nT ONE ORDERED RELEASED ON...") == [
        "LEACH"]  # 05PARIS1699


def test_a_footer_address_broken_over_three_lines() -> None:
    body = "JEFFREY\n\"Visit Ankara's Classified Web Site at\nhttp://www.intelink.s\ngov.gov/wiki/Portal:Turk\ney\""
    assert signers_of(body) == ["JEFFREY"]


def test_a_surname_typed_in_lower_case() -> None:
    # 08KUWAIT560, 10ASHGABAT245, 09STATE63812 (a letter signed Jeff, sent as the Secretary's)
    assert signers_of("Visit Kuwait's Classified Website:\nhttp://www.state.sgov.gov/p/nea/kuwait/\n"
                      "********************************************* *\njones") == ["JONES"]
    assert signers_of("compassion and humanity.\" END COMMENT\ncurran") == ["CURRAN"]
    assert signers_of("Best,\n\nJeff\nclinton") == ["CLINTON"]
    assert signers_of("of the\ncountry") == []
