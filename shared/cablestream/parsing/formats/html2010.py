"""Pages of the 2010 Cablegate viewer (released 2010)."""

from __future__ import annotations

from collections.abc import Iterator

from cablestream.parsing.base import Input, Outcome
from cablestream.parsing.formats.common import to_cable
from cablestream.parsing.formats.html_page import page_score, parse_page, release_year


class Html2010Format:
    name = "html-2010"

    def match(self, item: Input) -> float:
        score = page_score(item.head)
        year = release_year(item.head)
        return score + 0.4 if score and (year is None or year <= 2010) else score

    def parse(self, item: Input) -> Iterator[Outcome]:
        yield to_cable(parse_page(item, "html-2010"), item)
