"""The same cable published as text and as a 2010 page gives the same record content."""

from __future__ import annotations

import pytest

from tests.unit.parsing.conftest import parse_one

SAME = ("reference_id", "classification", "origin", "subject", "tags", "references", "summary", "comment",
        "signers", "sections", "eo", "declassify_on", "classified_by", "caveats", "partial")


@pytest.mark.parametrize("ref", ["05PARIS7527", "06MOSCOW11778"])
def test_text_and_html_agree(ref: str) -> None:
    text, html = parse_one(f"{ref}.txt"), parse_one(f"{ref}.html")
    for field in SAME:
        assert getattr(text, field) == getattr(html, field), field
    assert [p.text for p in text.paragraphs] == [p.text for p in html.paragraphs]
    assert text.dtg == html.dtg
