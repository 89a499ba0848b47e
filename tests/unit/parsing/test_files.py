"""Parsing from a file (``parse_file``) gives what parsing the same bytes does, for every format and container."""

from __future__ import annotations

import gzip
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

import pytest

from cablestream.parsing import Outcome, ParseFailure, parse_bytes, parse_file
from cablestream.parsing.base import Input
from cablestream.parsing.formats import csv as csv_format
from cablestream.parsing.formats import gzip as gzip_format
from cablestream.record import Cable
from tests.unit.parsing.conftest import FIXTURES, targz_of, zip_of

NAMES = ["09ASTANA497.txt", "04AMMAN1288.html", "72TEHRAN1164.html", "sample.csv"]




def _members() -> dict[str, bytes]:
    return {name: (FIXTURES / name).read_bytes() for name in NAMES}


def _inputs() -> Iterator[tuple[str, bytes]]:
    yield from _members().items()
    yield "all.tar.gz", targz_of(_members())
    yield "all.zip", zip_of(_members())
    yield "sample.csv.gz", gzip.compress(_members()["sample.csv"])
    yield "nested.tar.gz", targz_of({"inner.zip": zip_of(_members()), "x/09ASTANA497.txt": _members()[NAMES[0]]})


def _from_file(data: bytes, name: str) -> list[Outcome]:
    with tempfile.TemporaryFile() as file:
        file.write(data)
        return list(parse_file(file, name=name))


@pytest.mark.parametrize(("name", "data"), list(_inputs()), ids=[n for n, _ in _inputs()])
def test_a_file_parses_as_its_bytes_do(name: str, data: bytes) -> None:
    from_bytes = list(parse_bytes(data, name=name))
    assert any(isinstance(o, Cable) for o in from_bytes)
    assert _from_file(data, name) == from_bytes  # the same records, hashes, names and indexes


def test_a_large_gzip_is_inflated_to_a_file_and_read_row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the spool size, what a gzip inflates to is a file: the CSV inside is decoded as it is read."""
    monkeypatch.setattr(gzip_format, "SPOOL_BYTES", 100)
    data = gzip.compress(_members()["sample.csv"])
    seen: list[Input] = []
    real = csv_format.CsvFormat.parse

    def spy(self: csv_format.CsvFormat, item: Input) -> Iterator[Outcome]:
        seen.append(item)
        yield from real(self, item)

    monkeypatch.setattr(csv_format.CsvFormat, "parse", spy)
    outcomes = _from_file(data, "sample.csv.gz")
    assert [c.reference_id for c in outcomes if isinstance(c, Cable)] == [
        "04BRASILIA3154", "06BAKU1835", "04AMMAN1288", "72TEHRAN1164"]
    assert outcomes == list(parse_bytes(data, name="sample.csv.gz"))
    assert [(i.file is not None, i.data) for i in seen] == [(True, b""), (True, b"")]  # the file, both times


def test_a_windows_1252_csv_file_decodes_as_its_bytes() -> None:
    data = _members()["sample.csv"].replace(b"Brasilia", b"Bras\xedlia")  # cp1252 i-acute: not UTF-8
    assert _from_file(data, "cp.csv") == list(parse_bytes(data, name="cp.csv"))


def test_the_file_is_left_open_for_the_caller() -> None:
    file: BinaryIO
    with tempfile.TemporaryFile() as file:
        file.write(targz_of(_members()))
        outcomes = list(parse_file(file, name="a.tar.gz"))
        assert not file.closed
    assert sum(isinstance(o, Cable) for o in outcomes) == 7  # three files and the four rows of the CSV


def test_a_damaged_archive_file_fails_as_its_bytes_do() -> None:
    data = targz_of(_members())[:600]
    outcomes = _from_file(data, "cut.tar.gz")
    assert outcomes == list(parse_bytes(data, name="cut.tar.gz"))
    assert all(isinstance(o, ParseFailure) for o in outcomes)
