"""Archive bombs: by ratio (one small file, hundreds of MB inside), by depth (archives of archives), by
member count, and members that lie about their size."""

from __future__ import annotations

import struct
import tarfile
import zipfile
from random import Random

from bench.hostile import zeros
from bench.hostile.pack import bare_tar, bare_zip, gz, tarred, zipped
from bench.hostile.seeds import Seeds

Files = list[tuple[str, bytes]]
MB = 1024 * 1024
BOMB_MB = 400  # under the parser's 512 MiB per member: inflated, in memory, then not a cable
LIE = 16 * MB  # what a lying member really holds
_CD = b"PK\x01\x02"


def zeros_zip() -> bytes:
    """One member of 400 MB of zeros (deflate: about 1,000 to 1)."""
    return zeros.zip_zeros(BOMB_MB)


def lying(method: int, real: int = LIE, declared: int = 1000) -> bytes:
    """A member that states ``declared`` bytes (local header and central directory) and holds ``real``."""
    data = bytearray(zipped([("small.txt", b"\0" * real)], method))
    struct.pack_into("<I", data, 22, declared)
    struct.pack_into("<I", data, data.rfind(_CD) + 24, declared)
    return bytes(data)


def overlapping(copies: int) -> bytes:
    """Fifield's non-recursive bomb: one deflated member, ``copies`` directory entries all pointing at it."""
    data = zeros_zip()
    cd, eocd = data.rfind(_CD), data.rfind(b"PK\x05\x06")
    entry = data[cd:eocd]
    end = bytearray(data[eocd:])
    struct.pack_into("<HHI", end, 8, copies, copies, len(entry) * copies)
    return data[:cd] + entry * copies + bytes(end)


def zip_ratio(seeds: Seeds, r: Random) -> Files:
    """Bombs by ratio: a 400 MB member in 400 KB; eight directory entries sharing it; a gzip of 600 MB;
    members declaring 1,000 bytes that hold 16 MB (deflate, bzip2, LZMA); a tar.gz holding 400 MB; a cable
    beside a bomb."""
    return [
        ("ratio-400mb.zip", zeros_zip()),
        ("ratio-overlap-x8.zip", overlapping(8)),
        ("ratio-600mb.gz", zeros.gzip_zeros(600)),
        ("ratio-lie-deflate.zip", lying(zipfile.ZIP_DEFLATED)),
        ("ratio-lie-bzip2.zip", lying(zipfile.ZIP_BZIP2)),
        ("ratio-lie-lzma.zip", lying(zipfile.ZIP_LZMA)),
        ("ratio-400mb.tar.gz", zeros.tar_gz_zeros(BOMB_MB)),
        ("ratio-cable-beside-bomb.zip", zipped([seeds.texts[0], ("bomb.zip", zeros_zip())])),
    ]


def zip_depth(seeds: Seeds, r: Random) -> Files:
    """Bombs by depth: 16 zips of 16 zips of a 400 MB member (12 KB, 100 GB), 16 gzip bombs in a zip,
    ten zips deep, and mixed zip/tar/gzip nesting with a cable at every level."""
    inner = zeros_zip()
    level1 = zipped([(f"{i}.zip", inner) for i in range(16)])
    name, cable = seeds.texts[0]
    deep, mixed = cable, cable
    for level in range(10):
        deep = zipped([(f"level{level}.zip" if level else name, deep)])
    for level, wrap in enumerate(("zip", "tar", "gz", "zip", "tar", "gz")):
        members = [(f"l{level}-{name}", cable), (f"inner.{wrap}", mixed)]
        mixed = zipped(members) if wrap == "zip" else tarred(members) if wrap == "tar" else gz(mixed)
    gzip_bomb = zeros.gzip_zeros(300)
    return [("depth-16x16x400mb.zip", zipped([(f"{i}.zip", level1) for i in range(16)])),
            ("depth-16-gzip-bombs.zip", zipped([(f"{i}.gz", gzip_bomb) for i in range(16)])),
            ("depth-10-zips.zip", deep), ("depth-mixed.zip", zipped([("mixed", mixed)])),
            ("depth-16x400mb.zip", level1)]


def many_members(seeds: Seeds, r: Random) -> Files:
    """Past the parser's 100,000 members: empty files in a tar.gz and a zip, and a zip of 330,000
    directories (a central directory over 16 MiB), and a tar.gz of 300,000 directories."""
    return [("many-100001-empty.tar.gz", bare_tar(f"e{i}.txt" for i in range(100_001))),
            ("many-100001-empty.zip", bare_zip(f"e{i}.txt" for i in range(100_001))),
            ("many-330000-dirs.zip", bare_zip(f"{i:x}/" for i in range(330_000))),
            ("many-300000-dirs.tar.gz", bare_tar((f"d{i}" for i in range(300_000)), tarfile.DIRTYPE))]


def empty_members(seeds: Seeds, r: Random) -> Files:
    """Many empty members, alone or beside real cables, in zips and tars."""
    out = []
    for i in range(12):
        count = (1, 10, 100, 1000, 5000, 20_000)[i % 6]
        members = [(f"empty-{k}.txt", b"") for k in range(count)]
        if i % 3 == 2:
            members.insert(count // 2, r.choice(seeds.texts))
        packed = zipped(members, zipfile.ZIP_STORED) if i % 2 else tarred(members)
        out.append((f"emptymembers-{i:02d}-{count}.{'zip' if i % 2 else 'tar.gz'}", packed))
    return out


def gzip_nest(seeds: Seeds, r: Random) -> Files:
    """A cable gzipped 1 to 15 times (the parser stops at four containers)."""
    out = []
    for depth in range(1, 16):
        name, data = seeds.texts[depth % len(seeds.texts)]
        for _ in range(depth):
            data = gz(data)
        out.append((f"gznest-{depth:02d}-{name}" + ".gz" * depth, data))
    return out
