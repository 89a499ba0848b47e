"""A single gzip-compressed file that is not a tar: inflate (within the limits) and dispatch again."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from cablestream.parsing.base import Input, Outcome
from cablestream.parsing.formats.limits import ArchiveTooLarge, ContainerError, budget_of, check_depth
from cablestream.parsing.formats.tar import GZIP_MAGIC


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
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = inflater.decompress(item.data, allowed + 1)
        except zlib.error as err:
            raise ContainerError(f"unreadable gzip: {err}") from err
        if len(data) > allowed or inflater.unconsumed_tail:
            raise ArchiveTooLarge(f"inflates beyond {allowed} bytes")
        budget.consumed(len(data))
        name = (item.name or "")[:-3] if (item.name or "").endswith(".gz") else item.name
        yield from parse_input(Input(data=data, name=name, sha256=item.sha256, depth=item.depth + 1, budget=budget))
