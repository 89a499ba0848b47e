"""Hostile stored files met by ``/raw`` (pure): members are opened within the parser's limits, so an
archive bomb, an archive of too many members or nesting too deep raises the parser's own errors instead
of being inflated.  The archives are real, built here."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
import zlib

import pytest

from cablestream.parsing.formats.limits import MAX_DEPTH, MAX_MEMBER_BYTES, MAX_MEMBERS, ArchiveTooLarge, TooDeep
from services.api.slicing import cable_slice

BOMB = MAX_MEMBER_BYTES + 1  # zeros: a few hundred KiB compressed
ZEROS = b"\0" * (16 * 1024 * 1024)


def _zeros(size: int) -> list[bytes]:
    return [ZEROS] * (size // len(ZEROS)) + [ZEROS[:size % len(ZEROS)]]


class _Zeros:
    """An endless file of zeros (tarfile reads a member's declared size from it, a buffer at a time)."""

    def read(self, size: int) -> bytes:
        return bytes(size)


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("first.txt", b"09ASTANA497")
        info = zipfile.ZipInfo("bomb.txt")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            for chunk in _zeros(BOMB):
                member.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_member_is_refused_before_it_is_inflated(zip_bomb: bytes) -> None:
    assert len(zip_bomb) < 1024 * 1024
    with pytest.raises(ArchiveTooLarge):
        cable_slice(zip_bomb, "up.zip!bomb.txt", "09ASTANA497")
    assert cable_slice(zip_bomb, "up.zip!first.txt", "09ASTANA497").data == b"09ASTANA497"  # the rest is served


def test_a_gzip_bomb_is_refused() -> None:
    deflate = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = b"".join(deflate.compress(chunk) for chunk in _zeros(BOMB)) + deflate.flush()
    with pytest.raises(ArchiveTooLarge):
        cable_slice(bomb, "c.txt", "09ASTANA497")


def test_a_tar_bomb_member_is_refused() -> None:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz", compresslevel=1) as archive:
        info = tarfile.TarInfo("bomb.txt")
        info.size = BOMB
        archive.addfile(info, _Zeros())  # type: ignore[arg-type]
    with pytest.raises(ArchiveTooLarge):
        cable_slice(out.getvalue(), "up.tar.gz!bomb.txt", "09ASTANA497")


def test_an_archive_of_too_many_members_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("wanted.txt", b"09ASTANA497")
        for n in range(MAX_MEMBERS):
            archive.writestr(f"m{n}", b"")
    with pytest.raises(ArchiveTooLarge, match="members"):
        cable_slice(out.getvalue(), "up.zip!wanted.txt", "09ASTANA497")


def test_nesting_deeper_than_the_parser_goes_is_refused() -> None:
    data, names = b"09ASTANA497", ["cable.txt"]
    for level in range(MAX_DEPTH + 1):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(names[0], data)
        data, names = out.getvalue(), [f"level{level}.zip", *names]
    name = "!".join(names)  # level4.zip!level3.zip!...!cable.txt: five containers
    with pytest.raises(TooDeep):
        cable_slice(data, name, "09ASTANA497")
    inner = name.split("!", 1)[1]  # one level less: as deep as the parser goes
    assert cable_slice(zipfile.ZipFile(io.BytesIO(data)).read(names[1]), inner, "X").data == b"09ASTANA497"


def test_a_damaged_gzip_is_served_as_stored_a_truncated_one_as_the_parser_reads_it() -> None:
    damaged = b"\x1f\x8b" + b"not deflate at all" * 4
    assert cable_slice(damaged, "c.txt", "09ASTANA497").data == damaged
    truncated = gzip.compress(b"09ASTANA497 body")[:-12]
    assert cable_slice(truncated, "c.txt", "09ASTANA497").data == b"09ASTANA497 b"
