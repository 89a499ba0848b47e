"""A cable's own bytes inside the stored file it came from.

A file may hold many cables: an archive (zip, tar, gzip) holds members, a ``cables.csv`` export holds
rows.  The record says which file (``source.sha256``) and which member: the parser names members
``<file>!<member>[!<member>...]`` (``source.name``).  The row of a CSV is found by its reference id
(third column), so the slice does not depend on row numbering.

Members are opened the way the parser opens them and within the same limits: the dispatcher picks the
container format, the parser's member readers read them against a ``Budget``, nesting stops at
``MAX_DEPTH``.  A stored file that would cross a limit (an archive bomb, too many members, nesting too
deep) raises the parser's ``ContainerError`` instead of being inflated.  Decompression happens in the
API process, so one slice holds at most ``MAX_MEMBER_BYTES`` of inflated data.  The stored file itself is
copied from storage a chunk at a time (``local_copy``): in memory when small, else to a temporary file
that the containers read a member at a time, so an archive of a gigabyte is never held.
"""

from __future__ import annotations

import io
import re
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO, TypeVar, cast

from cablestream.infra.storage import ObjectMissing, ObjectStore
from cablestream.parsing.base import Input, UnknownFormat
from cablestream.parsing.dispatch import choose
from cablestream.parsing.formats.gzip import inflated
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
_SPECIAL = re.compile(rb'["\\\n]')


# A stored file up to this size is copied into memory, a larger one to a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024


@contextmanager
def local_copy(store: ObjectStore, sha256: str) -> Iterator[BinaryIO | None]:
    """The stored file as a seekable file, deleted on leaving (None: no longer stored)."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        copy = cast(BinaryIO, spool)
        try:
            store.download_file(sha256, copy)
        except ObjectMissing:
            yield None
            return
        yield copy


@dataclass(frozen=True)
class Slice:
    data: bytes | None  # None: the whole stored file, given as a file (send it from there, a chunk at a time)
    part: str  # "file", "member:<name>", "gunzipped", "row"


def cable_slice(source: bytes | BinaryIO, name: str | None, reference_id: str) -> Slice:
    """The bytes of ``reference_id`` within the stored file (its bytes, or a seekable file of them: a large
    archive is read a member at a time, never held); the file itself when no smaller part is found.
    ``ContainerError`` (``ArchiveTooLarge``, ``TooDeep``): a container the parser's limits refuse."""
    item = Input(data=source) if isinstance(source, bytes) else Input(file=source)
    part, depth = "file", 0
    for member in (name or "").split("!")[1:]:
        found = _member(item, member, depth)
        if found is None:
            break
        (data, depth), part = found, f"member:{member}"
        item = Input(data=data)
    if part == "file" and _container(item) == "gzip":  # a gzipped single file: its cable is what it holds
        try:
            item, part = Input(data=_gunzip(item)), "gunzipped"
        except ArchiveTooLarge:
            raise
        except ContainerError:  # damaged: serve the file as stored
            pass
    row = _csv_row(item, reference_id)
    if row is not None:
        return Slice(row, "row")
    return Slice(item.data if item.file is None else None, part)


def _container(item: Input) -> str | None:
    """The container format the parser's dispatcher picks for the input (None: not a container)."""
    try:
        kind = choose(item).name
    except UnknownFormat:
        return None
    return kind if kind in {"zip", "tar", "gzip"} else None


def _member(item: Input, name: str, depth: int) -> tuple[bytes, int] | None:
    """The member ``name`` of the container ``item`` at nesting ``depth``, and the member's depth."""
    kind = _container(item)
    if kind is not None and depth >= MAX_DEPTH:
        raise TooDeep(f"nested deeper than {MAX_DEPTH} containers")
    if kind == "gzip":  # a gzipped container (``a.zip.gz``): the parser names members of what it holds
        return _member(Input(data=_gunzip(item)), name, depth + 1)
    found = (_zip_member(item.stream(), name) if kind == "zip" else
             _tar_member(item.stream(), name) if kind == "tar" else None)
    return None if found is None else (found, depth + 1)


def _zip_member(stream: BinaryIO, name: str) -> bytes | None:
    try:
        archive = zipfile.ZipFile(stream)
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


def _tar_member(stream: BinaryIO, name: str) -> bytes | None:
    budget = Budget()
    try:
        with tarfile.open(fileobj=stream, mode="r:*") as archive:
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


def _gunzip(item: Input) -> bytes:
    """Inflate a single gzip member within ``MAX_MEMBER_BYTES``, as the parser's gzip format does.  Its
    size is measured first, a chunk at a time, so a bomb is refused without its output ever being held."""
    for _ in _inflated(item.stream()):
        pass
    out = io.BytesIO()
    for chunk in _inflated(item.stream()):
        out.write(chunk)
    return out.getvalue()


def _inflated(stream: BinaryIO) -> Iterator[bytes]:
    """The inflated bytes of gzip data, a chunk at a time, ``ArchiveTooLarge`` past ``MAX_MEMBER_BYTES``;
    cut-short data ends early (what came is served)."""
    return inflated(stream, MAX_MEMBER_BYTES, chunk=_CHUNK, read=_CHUNK)


def _pick(items: Sequence[_T], name: str, name_of: Callable[[_T], str]) -> _T | None:
    """The item named ``name``, else the first whose base name is ``name``'s."""
    base = name.rsplit("/", 1)[-1]
    return next((i for i in items if name_of(i) == name), None) or next(
        (i for i in items if name_of(i).rsplit("/", 1)[-1] == base), None)


def _csv_row(item: Input, reference_id: str) -> bytes | None:
    """The row of a cables.csv export whose third column is the id (None when not such a file)."""
    needle = f'"{reference_id}"'.encode()
    if item.head.lstrip()[:1] != b'"' or (item.file is None and needle not in item.data):
        return None
    for row in _rows(item.stream()):
        m = _CSV_ID.match(row)
        if m and m.group(1).decode(errors="replace").strip().upper() == reference_id.upper():
            return row
    return None


def _rows(stream: BinaryIO) -> Iterator[bytes]:
    """The rows of an export, read a chunk at a time.  Quoted fields span lines and escape quotes with
    a backslash, so rows end only at a newline outside quotes.  Jump from quote to quote rather than
    byte by byte."""
    row, inside, skip = bytearray(), False, 0
    while chunk := stream.read(_CHUNK):
        start, pos = 0, skip  # skip: the byte a backslash at the end of the last chunk escaped
        while (m := _SPECIAL.search(chunk, pos)) is not None:
            char, pos = m.group(), m.end()
            if char == b"\\" and inside:
                pos += 1
            elif char == b'"':
                inside = not inside
            elif char == b"\n" and not inside:
                row += chunk[start:pos]
                yield bytes(row)
                row.clear()
                start = pos
        row += chunk[start:]
        skip = max(0, pos - len(chunk))
    if row.strip():
        yield bytes(row)
