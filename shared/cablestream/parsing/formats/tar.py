"""Tar archives, plain or compressed (``.tar.gz`` and kin); each member goes back through the dispatcher."""

from __future__ import annotations

import io
import tarfile
import zlib
from collections.abc import Iterator

from cablestream.parsing.base import Input, Outcome, ParseError, ParseFailure
from cablestream.parsing.formats.limits import (
    ArchiveTooLarge,
    Budget,
    ContainerError,
    check_depth,
    member_input,
    skipped,
)

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
        from cablestream.parsing.dispatch import parse_input

        check_depth(item)
        budget = Budget()
        try:
            with tarfile.open(fileobj=io.BytesIO(item.data), mode="r:*") as archive:
                for member in archive:
                    if not member.isfile() or skipped(member.name):
                        continue
                    try:
                        data = _read(archive, member, budget)
                    except ArchiveTooLarge:
                        raise
                    except ParseError as err:
                        yield ParseFailure.from_error(err, f"{item.name or ''}!{member.name}", 0)
                        continue
                    yield from parse_input(member_input(item, member.name, data))
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
