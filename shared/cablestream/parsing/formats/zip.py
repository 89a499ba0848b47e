"""``.zip`` archives: each member goes back through the dispatcher (members may be archives themselves)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from functools import partial

from cablestream.parsing.base import Input, Outcome
from cablestream.parsing.formats.limits import Budget, ContainerError, walk_members

_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class ZipFormat:
    name = "zip"

    def match(self, item: Input) -> float:
        return 0.95 if item.data.startswith(_MAGIC) else 0.0

    def parse(self, item: Input) -> Iterator[Outcome]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(item.data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
            raise ContainerError(f"unreadable zip: {err}") from err
        with archive:
            files = (i for i in archive.infolist() if not i.is_dir())
            yield from walk_members(item, ((i.filename, partial(_read, archive, i)) for i in files))


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    allowed = budget.admit(info.file_size)
    try:
        with archive.open(info) as fh:
            data = fh.read(allowed + 1)  # the declared size may lie: read no more than the budget
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as err:
        raise ContainerError(f"unreadable member {info.filename}: {err}") from err
    budget.consumed(len(data))
    return data
