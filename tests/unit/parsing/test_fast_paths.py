"""The fast paths of the parser give what the plain regexes they replace give."""

from __future__ import annotations

import re

from cablestream.parsing.clean import _drop_page_breaks, _keep_real_pilcrows
from cablestream.parsing.formats.html_page import _cable_region, page_score

# page-break lines standing alone (a post of up to three words): what the fast path must do on them
_PAGE_BREAK = re.compile(r"^[ \t]*[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,2}[ \t]+\d{3,}[ \t]+\d{2,3}(?:\.\d)?[ \t]+OF"
                         r"[ \t]+\d{2,3}[ \t]*$\n?", re.MULTILINE)
_REAL_PILCROW = re.compile(r"^([ \t]*)¶(?=(?:[1-9]\d?|1\d\d)\.)", re.MULTILINE)

BODIES = [
    "ASTANA 00000497  002 OF 002\n¶5. (SBU) text\n  ¶6. more ¶2011. and\n¶B. ASTANA 1005\n",
    "no breaks at all, 3 OF 4 people\nWORD 123 02 OF 03\nPROF 12\nX 1234 01 OF 02  \n",
    "¶¶1. double\n\t¶12. tab\n¶200. too big\n¶1.5 not\nend ¶",
    "",
    "¶",
    "A 1234 01 OF 02",
    "text\nSAO PAULO 00000497  001.2 OF 002\nmore\n",
]


def test_page_breaks_as_the_regex() -> None:
    for body in BODIES:
        assert _drop_page_breaks(body) == _PAGE_BREAK.sub("", body), body


def test_page_breaks_run_onto_a_line() -> None:
    # 09BRASILIA28 (a REF line), 08BRASILIA351 (a subject line): the post is the last words naming one
    assert _drop_page_breaks("REF: (B) BRASILIA 1159 BRASILIA 00000028 001.4 OF 003\nX") == "REF: (B) BRASILIA 1159\nX"
    assert _drop_page_breaks("NELSON JOBIM TO WASHINGTON BRASILIA 00000351 001.2 OF 003\nX") == (
        "NELSON JOBIM TO WASHINGTON\nX")
    assert _drop_page_breaks("we met 12 people 1234 02 OF 03") == "we met 12 people 1234 02 OF 03"  # not padded


def test_pilcrows_as_the_regex() -> None:
    for body in BODIES:
        expected = _REAL_PILCROW.sub("\\1\x01", body).replace("¶", "").replace("\x01", "¶")
        assert _keep_real_pilcrows(body) == expected, body


def test_page_region_falls_back_to_the_whole_page() -> None:
    usual = "<h3>Browse</h3><h3>Viewing cable 09X1, S</h3><table class='cable'><tr><td>1</td></tr></table><pre>"
    assert _cable_region(usual).startswith("<h3>Viewing cable")
    odd = "<pre>nav</pre><h3>Viewing cable 09X1, S</h3><table class='cable'></table><pre>"
    assert _cable_region(odd) == odd
    assert _cable_region("<TABLE CLASS='CABLE'>") == "<TABLE CLASS='CABLE'>"


def test_page_score_case_blind() -> None:
    assert page_score(b"<TABLE class='cable'><tr></tr></TABLE><pre>x</pre>") == 0.5
    assert page_score(b"<table class=\"cable\"><pre>") == 0.5
    assert page_score(b"<pre> no table") == 0.0
    assert page_score(b"09X1\ntext") == 0.0
