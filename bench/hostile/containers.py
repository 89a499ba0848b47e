"""Damaged and tricky containers: traversal names and links in tars, device and fifo members, duplicate
zip names, broken gzip streams."""

from __future__ import annotations

import struct
import tarfile
import warnings
import zlib
from random import Random

from bench.hostile.pack import gz, tar_entry, tarred, zipped
from bench.hostile.seeds import Seeds

Files = list[tuple[str, bytes]]
TRAVERSAL = ("../../../../etc/passwd", "/etc/cron.d/x", "a/../../b.txt", "..", "./././c.txt", "../" * 60 + "d.txt",
             "dir/" * 200 + "deep.txt", "C:\\Windows\\x.txt", "\\\\server\\share\\y.txt", "~/.ssh/authorized_keys")


def tar_traversal(seeds: Seeds, r: Random) -> Files:
    """Tars whose members climb out of any extraction directory: ``../`` names, absolute paths, and
    symlinks and hard links pointing outside (a cable beside them, or behind the name)."""
    out = []
    for i in range(40):
        name, cable = r.choice(seeds.texts)
        target = TRAVERSAL[i % len(TRAVERSAL)]
        members: list[tarfile.TarInfo | tuple[str, bytes]] = [(target, cable)]
        if i % 4 == 1:
            members = [tar_entry("link", tarfile.SYMTYPE, target), ("link", cable)]  # a file over the link
        elif i % 4 == 2:
            members = [tar_entry("escape", tarfile.SYMTYPE, "/"), ("escape/etc/x.txt", cable)]
        elif i % 4 == 3:
            members = [(name, cable), tar_entry("hard", tarfile.LNKTYPE, target), tar_entry("loop", tarfile.SYMTYPE,
                                                                                             "loop")]
        out.append((f"traversal-{i:02d}.tar{'.gz' if i % 2 else ''}", tarred(members, compress=bool(i % 2))))
    return out


def tar_special(seeds: Seeds, r: Random) -> Files:
    """Tars of devices, fifos, unknown member types and a member whose size field says 8 GB."""
    kinds = (tarfile.FIFOTYPE, tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.CONTTYPE, b"Z", tarfile.DIRTYPE)
    out = []
    for i in range(20):
        name, cable = r.choice(seeds.texts)
        special = tar_entry(f"/dev/special{i}", kinds[i % len(kinds)])
        members: list[tarfile.TarInfo | tuple[str, bytes]] = [special, (name, cable)] if i % 2 else [special]
        data = tarred(members, compress=False)
        if i % 5 == 4:  # the size field of the first header (octal, 11 digits at 124): 8 GB of nothing
            data = data[:124] + b"77777777777\0" + data[136:148] + b"        " + data[156:]
            data = _tar_checksum(data)
        out.append((f"special-{i:02d}.tar.gz", gz(data)))
    return out


def _tar_checksum(data: bytes) -> bytes:
    header = bytearray(data[:512])
    header[148:156] = b" " * 8
    header[148:156] = b"%06o\0 " % sum(header)
    return bytes(header) + data[512:]


def zip_dupes(seeds: Seeds, r: Random) -> Files:
    """Zips that name two members alike: the same name twice, names differing in case, a file and a
    directory of one name."""
    out = []
    for i in range(20):
        (name, a), (_, b) = r.choice(seeds.texts), r.choice(seeds.texts)
        shape = i % 4
        members = ([(name, a), (name, b)] if shape == 0 else [(name, a), (name.upper(), b)] if shape == 1
                   else [(f"{name}/", b""), (name, a)] if shape == 2 else [(name, a)] * 5)
        with warnings.catch_warnings():  # zipfile warns of the duplicate it is asked to write
            warnings.simplefilter("ignore", UserWarning)
            out.append((f"dupes-{i:02d}.zip", zipped(members)))
    return out


def gzip_broken(seeds: Seeds, r: Random) -> Files:
    """gzip streams: cut short, wrong CRC or length, header flags promising fields that are not there,
    trailing garbage, two streams glued, damaged deflate data, a header alone."""
    out = []
    for i in range(60):
        name, data = r.choice(seeds.all)
        stream = bytearray(gz(data))
        shape = i % 8
        if shape == 0:
            stream = stream[:r.randrange(2, len(stream))]
        elif shape == 1:
            stream[-8] ^= 0xFF  # CRC32
        elif shape == 2:
            struct.pack_into("<I", stream, len(stream) - 4, r.randrange(2**32))  # ISIZE
        elif shape == 3:
            stream[3] = r.choice((0x04, 0x08, 0x10, 0x02, 0xE0))  # FEXTRA/FNAME/FCOMMENT/FHCRC/reserved
        elif shape == 4:
            stream += r.randbytes(r.randrange(1, 5000))
        elif shape == 5:
            stream += gz(r.choice(seeds.all)[1])
        elif shape == 6:
            for _ in range(r.randint(1, 10)):
                stream[r.randrange(10, len(stream) - 8)] ^= r.randrange(1, 256)
        else:
            stream = stream[:10] + zlib.compress(b"")[:2]
        out.append((f"gzbroken-{i:02d}-{name}.gz", bytes(stream)))
    return out


def zipped_damaged(seeds: Seeds, r: Random) -> Files:
    """Zips and tar.gz of real cables, cut short or with bytes replaced (headers, directory, data)."""
    out = []
    for i in range(40):
        members = r.sample(seeds.all, 3)
        packed = bytearray(zipped(members) if i % 2 else tarred(members))
        if i % 4 < 2:
            packed = packed[:r.randrange(1, len(packed))]
        else:
            for _ in range(r.randint(1, 20)):
                packed[r.randrange(len(packed))] ^= r.randrange(1, 256)
        out.append((f"damaged-{i:02d}.{'zip' if i % 2 else 'tar.gz'}", bytes(packed)))
    return out
