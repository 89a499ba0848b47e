"""A single gzip-compressed file that is not a tar: inflate (within the limits) and dispatch again."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from cablestream.parsing.base import Input, Outcome
from cablestream.parsing.formats.limits import ArchiveTooLarge, ContainerError, budget_of, check_depth
from cablestream.parsing.formats.tar import GZIP_MAGIC

_CHUNK = 16 * 1024 * 1024


class GzipFormat:
    name = "gzip"

    def match(self, item: Input) -> float:
        # Below the tar format, which claims gzip data holding a tar.
        return 0.6 if item.data.startswith(GZIP_MAGIC) else 0.0

    def parse(self, item: Input) -> Iterator[Outcome]:
        from cablestream.parsing.dispatch import parse_input

        check_depth(item)
        # The inflated bytes are a member of the input: a gzip inside an archive spends the archive's budget.
        budget = budget_of(item)
        allowed = budget.admit(0)
        data = _inflate(item.data, allowed)
        budget.consumed(len(data))
        name = (item.name or "")[:-3] if (item.name or "").endswith(".gz") else item.name
        yield from parse_input(Input(data=data, name=name, sha256=item.sha256, depth=item.depth + 1, budget=budget))


def _inflate(data: bytes, allowed: int) -> bytes:
    """At most ``allowed`` bytes, inflated a chunk at a time: a bomb is refused holding ``allowed`` bytes,
    not twice that (zlib's one-call output is built in pieces, then copied whole)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    chunks: list[bytes] = []
    size, rest = 0, data
    try:
        while not inflater.eof:
            chunk = inflater.decompress(rest, _CHUNK)
            rest = inflater.unconsumed_tail
            if not chunk and not rest:  # cut short: nothing more will come (what came is parsed)
                break
            size += len(chunk)
            if size > allowed:
                raise ArchiveTooLarge(f"inflates beyond {allowed} bytes")
            chunks.append(chunk)
    except zlib.error as err:
        raise ContainerError(f"unreadable gzip: {err}") from err
    return b"".join(chunks)
