"""Format detection by content, the CSV export, archives (nested, mixed) and their limits."""

from __future__ import annotations

import pytest

from cablestream.parsing import ParseFailure, parse_bytes
from cablestream.parsing.base import Input
from cablestream.parsing.dispatch import choose
from cablestream.parsing.formats import limits
from cablestream.record import Cable
from tests.unit.parsing.conftest import FIXTURES, parse_one, targz_of, zip_of


def _read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(("name", "expected"), [
    ("09ASTANA497.txt", "text"), ("04AMMAN1288.html", "html-2010"), ("72TEHRAN1164.html", "html-2011"),
    ("sample.csv", "csv"),
])
def test_format_is_chosen_by_content_not_name(name: str, expected: str) -> None:
    assert choose(Input(_read(name), name="misleading.zip")).name == expected


def test_csv_export_yields_every_row_with_escaped_quotes_and_multiline_fields() -> None:
    cables = [c for c in parse_bytes(_read("sample.csv")) if isinstance(c, Cable)]
    assert [c.reference_id for c in cables] == ["04BRASILIA3154", "06BAKU1835", "04AMMAN1288", "72TEHRAN1164"]
    assert [c.source.index for c in cables] == [0, 1, 2, 3]
    assert cables[0].created == "2004-12-22T18:06:00" and cables[0].source.format == "csv"
    html = parse_one("04BRASILIA3154.html")
    assert (cables[0].subject, cables[0].tags, cables[0].body) == (html.subject, html.tags, html.body)
    assert '"' in cables[1].body  # quotes came back from their backslash escapes


def test_csv_bad_row_fails_alone() -> None:
    data = _read("sample.csv") + b'"5","1/2/2005 10:00","05X1"\n'
    outcomes = list(parse_bytes(data))
    assert sum(isinstance(o, Cable) for o in outcomes) == 4
    assert isinstance(outcomes[-1], ParseFailure) and outcomes[-1].error_type == "BadRow"


def test_nested_and_mixed_archives() -> None:
    inner = targz_of({"a/09ASTANA497.txt": _read("09ASTANA497.txt"), "b/export.csv": _read("sample.csv")})
    outer = zip_of({"page.html": _read("04AMMAN1288.html"), "inner.tar.gz": inner, "__MACOSX/._x": b"junk",
                  "readme.md": b"not a cable"})
    outcomes = list(parse_bytes(outer, name="feed.zip"))
    cables = [o for o in outcomes if isinstance(o, Cable)]
    assert sorted(c.reference_id for c in cables) == sorted(
        ["04AMMAN1288", "09ASTANA497", "04BRASILIA3154", "06BAKU1835", "04AMMAN1288", "72TEHRAN1164"])
    failures = [o for o in outcomes if isinstance(o, ParseFailure)]
    assert [f.name for f in failures] == ["feed.zip!readme.md"]
    assert [o.source.index if isinstance(o, Cable) else o.index for o in outcomes] == list(range(len(outcomes)))
    assert {c.source.sha256 for c in cables} == {cables[0].source.sha256}
    assert cables[1].source.name == "feed.zip!inner.tar.gz!a/09ASTANA497.txt"


def test_nesting_deeper_than_the_limit_fails() -> None:
    data = _read("09ASTANA497.txt")
    for depth in range(limits.MAX_DEPTH + 1):
        data = zip_of({f"level{depth}.zip": data})
    (outcome,) = list(parse_bytes(data))
    assert isinstance(outcome, ParseFailure) and outcome.error_type == "TooDeep"


def test_archive_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 10_000)
    monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", 10_000)
    outcomes = list(parse_bytes(zip_of({"zeros.txt": b"\0" * 1_000_000})))
    assert [o.error_type for o in outcomes if isinstance(o, ParseFailure)] == ["ArchiveTooLarge"]
    outcomes = list(parse_bytes(targz_of({"zeros.txt": b"\0" * 1_000_000})))
    assert [o.error_type for o in outcomes if isinstance(o, ParseFailure)] == ["ArchiveTooLarge"]


def test_too_many_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_MEMBERS", 2)
    outcomes = list(parse_bytes(zip_of({f"{i}.txt": _read("09ASTANA497.txt") for i in range(5)})))
    assert isinstance(outcomes[-1], ParseFailure) and outcomes[-1].error_type == "ArchiveTooLarge"


def test_unknown_input_is_a_failure_not_an_exception() -> None:
    (outcome,) = list(parse_bytes(b"hello world", name="x.txt"))
    assert isinstance(outcome, ParseFailure) and outcome.error_type == "UnknownFormat"
