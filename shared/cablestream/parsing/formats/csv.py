"""The ``cables.csv`` export: 8 quoted columns, backslash-escaped quotes, fields spanning lines.

Columns: row number, date (``12/28/1966 18:48``), reference id, origin, classification, references
(``|``-separated ids), header, body.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, BinaryIO, TextIO

from cablestream.parsing.base import Input, Outcome, ParseError, ParseFailure
from cablestream.parsing.dates import parse_us_date
from cablestream.parsing.formats.common import decode, to_cable
from cablestream.parsing.formats.limits import check_cable_size
from cablestream.parsing.raw import RawCable

# ``"1","12/28/1966 18:48","66BUENOSAIRES2481","``: row number, date, reference id
_FIRST_ROW = re.compile(
    rb'\A(?:\xef\xbb\xbf)?\s*"\d+","\d{1,2}/\d{1,2}/\d{4}(?: \d{1,2}:\d{2}(?::\d{2})?)?","[^"\n]{3,60}","')
_COLUMNS = 8
_CHUNK = 1024 * 1024

if TYPE_CHECKING:
    from _csv import Reader as _Reader


class BadRow(ParseError):
    """A CSV row without the eight columns of the export."""


class CsvFormat:
    name = "csv"

    def match(self, item: Input) -> float:
        return 0.9 if _FIRST_ROW.match(item.head[:300]) else 0.0

    def parse(self, item: Input) -> Iterator[Outcome]:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # bodies run past the 128 KiB default
        with _text(item) as text:
            yield from _rows(item, csv.reader(text, escapechar="\\", doublequote=False, strict=False))


def _rows(item: Input, reader: _Reader) -> Iterator[Outcome]:
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:  # the rest of the file cannot be trusted to align
            yield ParseFailure("BadRow", f"line {reader.line_num}: {err}", item.name, row_no)
            return
        if not any(cell.strip() for cell in row):
            continue
        row_no += 1
        try:
            yield to_cable(_raw(row, reader.line_num), item)
        except ParseError as err:
            yield ParseFailure.from_error(err, item.name, row_no)


@contextmanager
def _text(item: Input) -> Iterator[TextIO]:
    """The input as text, decoded as :func:`decode` would decode it.  A file is decoded as it is read
    (a gigabyte export is never held); its encoding is chosen by a first pass over it."""
    if item.file is None:
        yield io.StringIO(decode(item.data), newline="")
        return
    encoding, errors = _encoding(item.stream())
    text = io.TextIOWrapper(item.stream(), encoding=encoding, errors=errors, newline="")
    try:
        yield text
    finally:
        text.detach()  # the file belongs to the caller: closing the wrapper would close it


def _encoding(file: BinaryIO) -> tuple[str, str]:
    """UTF-8 (a BOM dropped) if the whole file decodes as UTF-8, else Windows-1252, else UTF-8 with
    replacement characters: :func:`decode`'s order, decided a chunk at a time."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        file.seek(0)
        try:
            while chunk := file.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, "strict"
    return "utf-8", "replace"


def _raw(row: list[str], line: int) -> RawCable:
    if len(row) != _COLUMNS:
        raise BadRow(f"row ending on line {line} has {len(row)} columns, not {_COLUMNS}")
    check_cable_size(sum(len(cell) for cell in row), f"row ending on line {line}")
    _, date, ref_id, origin, classification, refs, header, body = row
    return RawCable(
        format="csv", reference_id=ref_id.strip() or None, created=parse_us_date(date),
        origin=origin.strip() or None, classification=classification.strip() or None,
        references=[r.strip() for r in refs.split("|") if r.strip()], header=header, body=body,
    )
