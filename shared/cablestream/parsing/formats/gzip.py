"""A single gzip-compressed file that is not a tar: inflate (within the limits) and dispatch again."""

from __future__ import annotations

import tempfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO, cast

from cablestream.parsing.base import Input, Outcome
from cablestream.parsing.formats.limits import (
    MAX_CABLE_BYTES,
    ArchiveTooLarge,
    ContainerError,
    budget_of,
    check_depth,
)
from cablestream.parsing.formats.tar import GZIP_MAGIC

_CHUNK = 16 * 1024 * 1024
_READ = 1024 * 1024
# Inflated bytes up to this stay in memory (a gzipped page or cable); beyond, they go to a temporary file
# read like any large input (a gzipped export of a gigabyte is parsed row by row, never held).
SPOOL_BYTES = MAX_CABLE_BYTES


class GzipFormat:
    name = "gzip"

    def match(self, item: Input) -> float:
        # Below the tar format, which claims gzip data holding a tar.
        return 0.6 if item.head.startswith(GZIP_MAGIC) else 0.0

    def parse(self, item: Input) -> Iterator[Outcome]:
        from cablestream.parsing.dispatch import parse_input

        check_depth(item)
        # The inflated bytes are a member of the input: a gzip inside an archive spends the archive's budget.
        budget = budget_of(item)
        allowed = budget.admit(0)
        name = (item.name or "")[:-3] if (item.name or "").endswith(".gz") else item.name
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spooled:
            spool = cast(BinaryIO, spooled)
            size = _inflate(item.stream(), spool, allowed)
            budget.consumed(size)
            spool.seek(0)
            # Small: the bytes themselves (the leaf formats read them whole anyway); large: the file.
            held = spool.read() if size <= SPOOL_BYTES else b""
            inner = Input(data=held, name=name, sha256=item.sha256, depth=item.depth + 1, budget=budget,
                          file=None if held or not size else spool)
            yield from parse_input(inner)


def _inflate(source: BinaryIO, into: BinaryIO, allowed: int) -> int:
    """Inflate into ``into`` a chunk at a time, at most ``allowed`` bytes; returns how many.  A bomb is
    refused having written ``allowed`` bytes and held one chunk."""
    size = 0
    for chunk in inflated(source, allowed):
        into.write(chunk)
        size += len(chunk)
    return size


def inflated(source: BinaryIO, allowed: int, chunk: int = _CHUNK, read: int = _READ) -> Iterator[bytes]:
    """The inflated bytes of gzip data, ``chunk`` bytes at most at a time; ``ArchiveTooLarge`` past
    ``allowed``, ``ContainerError`` on damaged data.  Cut short, nothing more will come: what the inflater
    still holds, then what came, is given (and parsed or served)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    size = 0
    try:
        while not inflater.eof:
            rest = inflater.unconsumed_tail or source.read(read)
            out = inflater.decompress(rest, chunk) if rest else inflater.flush()
            size += len(out)
            if size > allowed:
                raise ArchiveTooLarge(f"inflates beyond {allowed} bytes")
            yield out
            if not rest:
                return
    except zlib.error as err:
        raise ContainerError(f"unreadable gzip: {err}") from err
