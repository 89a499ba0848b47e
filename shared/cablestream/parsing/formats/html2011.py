"""Pages of the 2011 final release: the same table in a larger page, released 2011 or later."""

from __future__ import annotations

from collections.abc import Iterator

from cablestream.parsing.base import Input, Outcome
from cablestream.parsing.formats.common import to_cable
from cablestream.parsing.formats.html_page import page_score, parse_page, release_year


class Html2011Format:
    name = "html-2011"

    def match(self, item: Input) -> float:
        score = page_score(item.head)
        year = release_year(item.head)
        return score + 0.45 if score and year is not None and year >= 2011 else score

    def parse(self, item: Input) -> Iterator[Outcome]:
        yield to_cable(parse_page(item, "html-2011"), item)
