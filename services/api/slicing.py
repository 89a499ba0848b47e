"""A cable's own bytes inside the stored file it came from.

A file may hold many cables: an archive (zip, tar, gzip) holds members, a ``cables.csv`` export holds
rows.  The record says which file (``source.sha256``) and which member: the parser names members
``<file>!<member>[!<member>...]`` (``source.name``).  The row of a CSV is found by its reference id
(third column), so the slice does not depend on row numbering.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import tarfile
import zipfile
from dataclasses import dataclass

_CSV_ID = re.compile(rb'\s*"(?:[^"\\]|\\.)*"\s*,\s*"(?:[^"\\]|\\.)*"\s*,\s*"([^"]*)"', re.S)


@dataclass(frozen=True)
class Slice:
    data: bytes
    part: str  # "file", "member:<name>", "row"


def cable_slice(data: bytes, name: str | None, reference_id: str) -> Slice:
    part = "file"
    for member in (name or "").split("!")[1:]:
        inner = _member(data, member)
        if inner is None:
            break
        data, part = inner, f"member:{member}"
    if part == "file" and data[:2] == b"\x1f\x8b":  # a gzipped single file: its cable is what it holds
        with contextlib.suppress(OSError, EOFError):
            data, part = gzip.decompress(data), "gunzipped"
    row = _csv_row(data, reference_id)
    return Slice(row, "row") if row is not None else Slice(data, part)


def _member(data: bytes, name: str) -> bytes | None:
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            match = next((n for n in names if n == name), None) or next(
                (n for n in names if n.rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1]), None)
            return archive.read(match) if match else None
    if data[:2] == b"\x1f\x8b" or data[257:262] == b"ustar":
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
                for info in archive:
                    if info.isfile() and (info.name == name or info.name.rsplit("/", 1)[-1] == name):
                        handle = archive.extractfile(info)
                        return handle.read() if handle else None
        except tarfile.TarError:
            pass
    if data[:2] == b"\x1f\x8b":  # a single gzipped file
        try:
            return gzip.decompress(data)
        except (OSError, EOFError):
            return None
    return None


def _csv_row(data: bytes, reference_id: str) -> bytes | None:
    """The row of a cables.csv export whose third column is the id (None when not such a file)."""
    needle = f'"{reference_id}"'.encode()
    if data.lstrip()[:1] != b'"' or needle not in data:
        return None
    for start, end in _rows(data):
        m = _CSV_ID.match(data, start, end)
        if m and m.group(1).decode(errors="replace").strip().upper() == reference_id.upper():
            return data[start:end]
    return None


def _rows(data: bytes) -> list[tuple[int, int]]:
    # Quoted fields span lines and escape quotes with a backslash, so rows end only at a newline
    # outside quotes.  Jump from quote to quote rather than byte by byte.
    rows, start, pos, inside = [], 0, 0, False
    special = re.compile(rb'["\\\n]')
    while (m := special.search(data, pos)) is not None:
        char, pos = m.group(), m.end()
        if char == b"\\" and inside:
            pos += 1
        elif char == b'"':
            inside = not inside
        elif char == b"\n" and not inside:
            rows.append((start, pos))
            start = pos
    if data[start:].strip():
        rows.append((start, len(data)))
    return rows
