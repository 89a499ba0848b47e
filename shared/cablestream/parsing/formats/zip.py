"""``.zip`` archives: each member goes back through the dispatcher (members may be archives themselves)."""

from __future__ import annotations

import io
import zipfile
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

_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class ZipFormat:
    name = "zip"

    def match(self, item: Input) -> float:
        return 0.95 if item.data.startswith(_MAGIC) else 0.0

    def parse(self, item: Input) -> Iterator[Outcome]:
        from cablestream.parsing.dispatch import parse_input

        check_depth(item)
        try:
            archive = zipfile.ZipFile(io.BytesIO(item.data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
            raise ContainerError(f"unreadable zip: {err}") from err
        budget = Budget()
        with archive:
            for info in archive.infolist():
                if info.is_dir() or skipped(info.filename):
                    continue
                try:
                    data = _read(archive, info, budget)
                except ArchiveTooLarge:
                    raise
                except ParseError as err:
                    yield ParseFailure.from_error(err, f"{item.name or ''}!{info.filename}", 0)
                    continue
                yield from parse_input(member_input(item, info.filename, data))


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    allowed = budget.admit(info.file_size)
    try:
        with archive.open(info) as fh:
            data = fh.read(allowed + 1)  # the declared size may lie: read no more than the budget
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as err:
        raise ContainerError(f"unreadable member {info.filename}: {err}") from err
    budget.consumed(len(data))
    return data
