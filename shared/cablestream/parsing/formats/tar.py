"""Tar archives, plain or compressed (``.tar.gz`` and kin); each member goes back through the dispatcher."""

from __future__ import annotations

import io
import tarfile
import zlib
from collections.abc import Iterator
from functools import partial

from cablestream.parsing.base import Input, Outcome
from cablestream.parsing.formats.limits import Budget, ContainerError, walk_members

GZIP_MAGIC = b"\x1f\x8b"
_USTAR_AT = 257


def peek_gzip(data: bytes, size: int = 1024) -> bytes:
    """The first ``size`` decompressed bytes of gzip data (bounded: never inflates more)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], size)
    except zlib.error:
        return b""


def is_tar(head: bytes) -> bool:
    return head[_USTAR_AT:_USTAR_AT + 5] == b"ustar"


class TarFormat:
    name = "tar"

    def match(self, item: Input) -> float:
        head = peek_gzip(item.data) if item.data.startswith(GZIP_MAGIC) else item.data[:512]
        return 0.95 if is_tar(head) else 0.0

    def parse(self, item: Input) -> Iterator[Outcome]:
        try:
            with tarfile.open(fileobj=io.BytesIO(item.data), mode="r:*") as archive:
                files = (m for m in archive if m.isfile())
                yield from walk_members(item, ((m.name, partial(_read, archive, m)) for m in files))
        except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
            raise ContainerError(f"unreadable tar: {err}") from err


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo, budget: Budget) -> bytes:
    budget.admit(member.size)
    fh = archive.extractfile(member)
    if fh is None:
        raise ContainerError(f"unreadable member {member.name}")
    data = fh.read(member.size)
    budget.consumed(len(data))
    return data
