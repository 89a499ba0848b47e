"""Hostile inputs found by ``bench.badinput``: each took hours, or gigabytes, before its fix.

Times are asserted with a margin of a hundred or more over what the fixed parser takes, so the
tests are not flaky; before the fixes each of them ran for hours (quadratic in the line or the page).
"""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import time
import zipfile

import pytest

from cablestream.parsing import ParseFailure, parse_bytes
from cablestream.parsing.base import Outcome
from cablestream.parsing.classification import OPENING
from cablestream.parsing.formats import limits
from cablestream.parsing.formats import zip as zip_format
from cablestream.parsing.formats.nesting import TooDeeplyNested, check_nesting, nesting_depth
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


def test_the_depth_check_counts_tags_before_it_scans() -> None:
    """Fewer ``<`` than the limit cannot nest past it (the page passes without the scan); one more can."""
    check_nesting("<div>" * 100, None, limit=100)
    with pytest.raises(TooDeeplyNested):
        check_nesting("<div>" * 101, None, limit=100)
    check_nesting("<p>" * 5_000, None, limit=100)  # many tags, none deep: the scan runs and lets it through


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _errors(data: bytes) -> list[str]:
    return [o.error_type for o in parse_bytes(data) if isinstance(o, ParseFailure)]


def test_nested_archives_share_one_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # 16 zips of a 60 KB member each: within the limit one by one, not together
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 100_000)
    inner = _zip({"zeros.txt": b"\0" * 60_000})
    errors = _errors(_zip({f"{i}.zip": inner for i in range(16)}))
    assert errors[0] == "UnknownFormat" and set(errors[1:]) == {"ArchiveTooLarge"}


def test_a_gzip_in_an_archive_spends_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 100_000)
    member = gzip.compress(b"\0" * 60_000)
    assert _errors(_zip({"a.gz": member, "b.gz": member})) == ["UnknownFormat", "ArchiveTooLarge"]


def test_every_tar_member_counts_not_only_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_MEMBERS", 3)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for i in range(5):
            info = tarfile.TarInfo(f"dir{i}")
            info.type = tarfile.DIRTYPE
            tf.addfile(info)
    assert _errors(buf.getvalue()) == ["ArchiveTooLarge"]


def _lying(method: int, real: bytes, declared: int) -> bytes:
    """A zip whose member says it holds ``declared`` bytes (local header and central directory)."""
    data = bytearray(_zip({"a.txt": real}, method))
    struct.pack_into("<I", data, 22, declared)
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, declared)
    return bytes(data)


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_member_never_inflates_past_its_declared_size(method: int) -> None:
    outcomes = list(parse_bytes(_lying(method, b"\0" * 5_000_000, 1000)))
    assert [o.error_type for o in outcomes if isinstance(o, ParseFailure)] == ["ContainerError"]


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_every_compression_method_still_reads(method: int) -> None:
    data = _zip({"a.txt": SEED, "b/c.txt": SEED.replace(b"09ASTANA497", b"09ASTANA498")}, method)
    assert [o.reference_id for o in parse_bytes(data) if isinstance(o, Cable)] == ["09ASTANA497", "09ASTANA498"]


def test_a_huge_central_directory_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_format, "MAX_DIRECTORY_BYTES", 1000)
    assert _errors(_zip({f"{i}/": b"" for i in range(100)})) == ["ArchiveTooLarge"]
    assert _errors(_zip({f"{i}/": b"" for i in range(10)})) == ["NoCableFound"]


@pytest.mark.parametrize("ref_id", ["..", "09A/../B1", "09A//B1", "09A\x00B1", "A" * 1100, "09ÄSTANA497"])
def test_an_id_that_cannot_key_a_record_is_a_failure_of_its_row(ref_id: str) -> None:
    good = (FIXTURES / "sample.csv").read_bytes()
    row = f'"9","1/2/2005 10:00","{ref_id}","X","UNCLASSIFIED","","header","body"\n'.encode()
    outcomes = list(parse_bytes(good + row))
    assert sum(isinstance(o, Cable) for o in outcomes) == 4  # the other rows of the file are kept
    assert [o.error_type for o in outcomes if isinstance(o, ParseFailure)] == ["UnusableReferenceId"]


def test_the_archive_s_malformed_ids_still_key_records() -> None:
    for published in ("7575LIBREVILLE1895", "06SECION01OF02HARARE628", "08ACCRA001382SUSPECTEDDUPLICATE1392"):
        text = SEED.replace(b"09ASTANA497", published.encode())
        assert any(isinstance(o, Cable) for o in parse_bytes(text)), published


def test_a_cable_larger_than_any_is_refused_before_it_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CABLE_BYTES", 100_000)
    glued = SEED * 20  # one cable glued to itself: a single text cable of 160 KB
    assert _errors(glued) == ["CableTooLarge"]
    assert _errors(_zip({"glued.txt": glued, "ok.txt": SEED})) == ["CableTooLarge"]  # the other member parses
    page = (FIXTURES / "72TEHRAN1164.html").read_bytes()  # 190 KB
    assert _errors(page) == ["CableTooLarge"]
    row = '"9","1/2/2005 10:00","05BIG1","X","UNCLASSIFIED","","h","' + "A" * 200_000 + '"\n'
    outcomes = list(parse_bytes((FIXTURES / "sample.csv").read_bytes() + row.encode()))
    assert sum(isinstance(o, Cable) for o in outcomes) == 4
    assert [o.error_type for o in outcomes if isinstance(o, ParseFailure)] == ["CableTooLarge"]


def test_a_gzip_is_inflated_within_the_budget_and_a_cut_one_still_reads() -> None:
    assert [o.reference_id for o in parse_bytes(gzip.compress(SEED)) if isinstance(o, Cable)] == ["09ASTANA497"]
    cut = gzip.compress(SEED)[:-40]  # the end of the stream missing: what came is parsed
    assert [type(o) for o in parse_bytes(cut)] == [Cable]


def test_a_gzip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", 100_000)
    assert _errors(gzip.compress(b"\0" * 1_000_000)) == ["ArchiveTooLarge"]
    assert _errors(gzip.compress(b"\0" * 99_000)) == ["UnknownFormat"]


def test_a_member_with_damaged_deflate_data_fails_alone() -> None:
    other = SEED.replace(b"09ASTANA497", b"09ASTANA498")
    data = bytearray(_zip({"a.txt": SEED, "b.txt": other}))
    start = 30 + len("a.txt")  # the first member's deflate data, after its local header
    data[start:start + 40] = b"\xff" * 40
    outcomes = list(parse_bytes(bytes(data)))
    assert [o.error_type for o in outcomes if isinstance(o, ParseFailure)] == ["ContainerError"]
    assert [o.reference_id for o in outcomes if isinstance(o, Cable)] == ["09ASTANA498"]
