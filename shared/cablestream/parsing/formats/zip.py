"""``.zip`` archives: each member goes back through the dispatcher (members may be archives themselves)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from functools import partial

from cablestream.parsing.base import Input, Outcome
from cablestream.parsing.formats.limits import ArchiveTooLarge, Budget, ContainerError, budget_of, walk_members
from cablestream.parsing.formats.zipmember import TAIL_BYTES, central_directory_size, read_member

_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Bytes of central directory one archive may have: an entry takes at least 46 bytes and the reader keeps
# an object of some 500 bytes for each, all of them before the first member is read, so a 512 MB upload
# of empty entries cost gigabytes.  This allows MAX_MEMBERS entries with names of 100 characters.
MAX_DIRECTORY_BYTES = 16 * 1024**2


class ZipFormat:
    name = "zip"

    def match(self, item: Input) -> float:
        return 0.95 if item.head.startswith(_MAGIC) else 0.0

    def parse(self, item: Input) -> Iterator[Outcome]:
        if central_directory_size(item.read_at(-TAIL_BYTES, TAIL_BYTES)) > MAX_DIRECTORY_BYTES:
            raise ArchiveTooLarge(f"a central directory of more than {MAX_DIRECTORY_BYTES} bytes")
        try:
            archive = zipfile.ZipFile(item.stream())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
            raise ContainerError(f"unreadable zip: {err}") from err
        budget = budget_of(item)
        with archive:
            files = (i for i in archive.infolist() if not i.is_dir())
            yield from walk_members(item, ((i.filename, partial(_read, archive, i)) for i in files), budget)


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    """The member, within the budget (``services.api.slicing`` reads members through it too)."""
    allowed = budget.admit(info.file_size)
    member = read_member(archive, info, min(allowed, info.file_size))
    budget.consumed(len(member))
    return member
