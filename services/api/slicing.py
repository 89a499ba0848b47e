"""A cable's own bytes inside the stored file it came from.

A file may hold many cables: an archive (zip, tar, gzip) holds members, a ``cables.csv`` export holds
rows.  The record says which file (``source.sha256``) and which member: the parser names members
``<file>!<member>[!<member>...]`` (``source.name``).  The row of a CSV is found by its reference id
(third column), so the slice does not depend on row numbering.

Members are opened the way the parser opens them and within the same limits: the dispatcher picks the
container format, the parser's member readers read them against a ``Budget``, nesting stops at
``MAX_DEPTH``.  A stored file that would cross a limit (an archive bomb, too many members, nesting too
deep) raises the parser's ``ContainerError`` instead of being inflated.  Decompression happens in the
API process, so one slice holds at most ``MAX_MEMBER_BYTES`` of inflated data besides the stored file.
"""

from __future__ import annotations

import io
import re
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from cablestream.parsing.base import Input, UnknownFormat
from cablestream.parsing.dispatch import choose
from cablestream.parsing.formats.limits import (
    MAX_DEPTH,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    ArchiveTooLarge,
    Budget,
    ContainerError,
    TooDeep,
    skipped,
)
from cablestream.parsing.formats.tar import _read as read_tar_member
from cablestream.parsing.formats.zip import _read as read_zip_member

_CSV_ID = re.compile(rb'\s*"(?:[^"\\]|\\.)*"\s*,\s*"(?:[^"\\]|\\.)*"\s*,\s*"([^"]*)"', re.S)
_T = TypeVar("_T")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Slice:
    data: bytes
    part: str  # "file", "member:<name>", "gunzipped", "row"


def cable_slice(data: bytes, name: str | None, reference_id: str) -> Slice:
    """The bytes of ``reference_id`` within ``data``; the file itself when no smaller part is found.
    ``ContainerError`` (``ArchiveTooLarge``, ``TooDeep``): a container the parser's limits refuse."""
    part, depth = "file", 0
    for member in (name or "").split("!")[1:]:
        found = _member(data, member, depth)
        if found is None:
            break
        (data, depth), part = found, f"member:{member}"
    if part == "file" and _container(data) == "gzip":  # a gzipped single file: its cable is what it holds
        try:
            data, part = _gunzip(data), "gunzipped"
        except ArchiveTooLarge:
            raise
        except ContainerError:  # damaged: serve the file as stored
            pass
    row = _csv_row(data, reference_id)
    return Slice(row, "row") if row is not None else Slice(data, part)


def _container(data: bytes) -> str | None:
    """The container format the parser's dispatcher picks for ``data`` (None: not a container)."""
    try:
        kind = choose(Input(data=data)).name
    except UnknownFormat:
        return None
    return kind if kind in {"zip", "tar", "gzip"} else None


def _member(data: bytes, name: str, depth: int) -> tuple[bytes, int] | None:
    """The member ``name`` of the container ``data`` at nesting ``depth``, and the member's depth."""
    kind = _container(data)
    if kind is not None and depth >= MAX_DEPTH:
        raise TooDeep(f"nested deeper than {MAX_DEPTH} containers")
    if kind == "gzip":  # a gzipped container (``a.zip.gz``): the parser names members of what it holds
        return _member(_gunzip(data), name, depth + 1)
    found = _zip_member(data, name) if kind == "zip" else _tar_member(data, name) if kind == "tar" else None
    return None if found is None else (found, depth + 1)


def _zip_member(data: bytes, name: str) -> bytes | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise ContainerError(f"unreadable zip: {err}") from err
    with archive:
        files = [i for i in archive.infolist() if not i.is_dir() and not skipped(i.filename)]
        if len(files) > MAX_MEMBERS:  # the parser stops such an archive as a whole
            raise ArchiveTooLarge(f"more than {MAX_MEMBERS} members")
        target = _pick(files, name, lambda i: i.filename)
        if target is None:
            return None
        budget = Budget()
        for info in files[:files.index(target)]:  # what the parser had expanded before reaching it
            budget.admit(info.file_size)
            budget.consumed(info.file_size)
        return read_zip_member(archive, target, budget)


def _tar_member(data: bytes, name: str) -> bytes | None:
    budget = Budget()
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            for info in archive:  # streamed: the members before it are inflated, counted, not kept
                if not info.isfile() or skipped(info.name):
                    continue
                if info.name == name or info.name.rsplit("/", 1)[-1] == name:
                    return read_tar_member(archive, info, budget)
                budget.admit(info.size)
                budget.consumed(info.size)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
        raise ContainerError(f"unreadable tar: {err}") from err
    return None


def _gunzip(data: bytes) -> bytes:
    """Inflate a single gzip member within ``MAX_MEMBER_BYTES``, as the parser's gzip format does.  Its
    size is measured first, a chunk at a time, so a bomb is refused without its output ever being held."""
    try:
        inflater, rest, size = zlib.decompressobj(16 + zlib.MAX_WBITS), data, 0
        while not inflater.eof:
            chunk = inflater.decompress(rest, _CHUNK)
            rest, size = inflater.unconsumed_tail, size + len(chunk)
            if size > MAX_MEMBER_BYTES:
                raise ArchiveTooLarge(f"inflates beyond {MAX_MEMBER_BYTES} bytes")
            if not chunk and not rest:  # truncated: no more will come
                break
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, MAX_MEMBER_BYTES)
    except zlib.error as err:
        raise ContainerError(f"unreadable gzip: {err}") from err


def _pick(items: Sequence[_T], name: str, name_of: Callable[[_T], str]) -> _T | None:
    """The item named ``name``, else the first whose base name is ``name``'s."""
    base = name.rsplit("/", 1)[-1]
    return next((i for i in items if name_of(i) == name), None) or next(
        (i for i in items if name_of(i).rsplit("/", 1)[-1] == base), None)


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
