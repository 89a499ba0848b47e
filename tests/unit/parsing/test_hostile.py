"""Hostile inputs found by ``bench.badinput``: each took hours, or gigabytes, before its fix.

Times are asserted with a margin of a hundred or more over what the fixed parser takes, so the
tests are not flaky; before the fixes each of them ran for hours (quadratic in the line or the page).
"""

from __future__ import annotations

import time

import pytest

from cablestream.parsing import ParseFailure, parse_bytes
from cablestream.parsing.base import Outcome
from cablestream.parsing.classification import OPENING
from cablestream.parsing.formats.nesting import nesting_depth
from cablestream.record import Cable
from tests.unit.parsing.conftest import FIXTURES

SEED = (FIXTURES / "09ASTANA497.txt").read_bytes()
HEAD = b"\n".join(SEED.split(b"\n")[:5]) + b"\n"  # id, subject, date, classification, origin


def _timed(data: bytes) -> tuple[list[Outcome], float]:
    start = time.perf_counter()
    outcomes = list(parse_bytes(data, name="hostile"))
    return outcomes, time.perf_counter() - start


@pytest.mark.parametrize("unit", [b"X", b"CONFIDENTIAL ", b"S E C R E T ", b"REF: "])
def test_one_long_line_is_linear(unit: bytes) -> None:
    # a redaction run (signature run-on), marking words (the opening line), inline keys (the preamble)
    outcomes, seconds = _timed(HEAD + unit * (1_000_000 // len(unit)))
    assert [type(o) for o in outcomes] == [Cable]
    assert seconds < 10  # was hours: 128 KB of X alone took 200 s


@pytest.mark.parametrize(("line", "origin", "sections"), [
    ("UNCLAS SECTION 01 OF 02 RIO DE JANEIRO 001242", "RIO DE JANEIRO", "02"),
    ("C O N F I D E N T I A L SECTION 01 OF 02 PARIS 007527", "PARIS", "02"),
    ("SECRET//NOFORN BAGHDAD 002838", "BAGHDAD", None),
    ("...MACDILL AFB FLUNCLAS SECTION 01 OF 02 ASTANA 000497", "ASTANA", "02"),
])
def test_the_bounded_opening_line_still_reads_real_ones(line: str, origin: str, sections: str | None) -> None:
    m = OPENING.search(line)
    assert m is not None and (m.group("origin"), m.group("sections")) == (origin, sections)


@pytest.mark.parametrize("tag", [b"<pre>", b"<div>", b"<ul><li>"])
def test_a_page_nested_too_deep_is_refused_at_once(tag: bytes) -> None:
    page = (FIXTURES / "04AMMAN1288.html").read_bytes()
    at = page.rfind(b"</pre>")
    outcomes, seconds = _timed(page[:at] + tag * 200_000 + page[at:])
    assert [o.error_type for o in outcomes if isinstance(o, ParseFailure)] == ["TooDeeplyNested"]
    assert seconds < 10


def test_nesting_depth_follows_the_tree_builder() -> None:
    assert nesting_depth("<div><p><p><li><td><br><img>" * 3) == 3  # self-closing kinds and void elements
    assert nesting_depth("<div><span><b></div>" * 50) == 3  # an end tag closes what was opened inside it
    assert nesting_depth("<script>" + "<div>" * 50 + "</script><!--" + "<div>" * 50 + "-->") == 0
    assert nesting_depth("</div>" * 10 + "<div>") == 1
    assert nesting_depth("<div>" * 10_000, limit=100) == 101  # stops past the limit
    for name in ("04AMMAN1288.html", "72TEHRAN1164.html", "7575LIBREVILLE1895.html"):
        assert nesting_depth((FIXTURES / name).read_text("utf-8")) < 20
