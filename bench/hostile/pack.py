"""Deterministic containers: fixed times and no host names, so the same seed gives the same bytes."""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import zipfile
from collections.abc import Iterable

EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can state


def zipped(members: Iterable[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED, level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, EPOCH)
            info.compress_type = method
            zf.writestr(info, data, compresslevel=level if method == zipfile.ZIP_DEFLATED else None)
    return buf.getvalue()


def gz(data: bytes, level: int = 9) -> bytes:
    return gzip.compress(data, compresslevel=level, mtime=0)


def tarred(members: Iterable[tarfile.TarInfo | tuple[str, bytes]], compress: bool = True) -> bytes:
    """A tar (gzipped unless ``compress`` is false) of (name, bytes) files and ready-made headers."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tf:
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                tf.addfile(member)
                continue
            name, data = member
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return gz(buf.getvalue(), 6) if compress else buf.getvalue()


def tar_entry(name: str, kind: bytes, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


def bare_zip(names: Iterable[str]) -> bytes:
    """A zip of empty stored entries written directly: a hundred thousand entries in a second, where
    ``zipfile`` takes ten.  The entry counts of the end record saturate at 65,535 (no zip64 record):
    readers that go by the directory's size, as ``zipfile`` does, read every entry."""
    local, central, offset, count = bytearray(), bytearray(), 0, 0
    for name in names:
        raw = name.encode()
        header = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 0, 0, 0x21, 0, 0, 0, len(raw), 0) + raw
        central += struct.pack("<4s6H3I5HII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21, 0, 0, 0, len(raw), 0, 0, 0, 0,
                               0x10 if name.endswith("/") else 0, offset) + raw
        local += header
        offset += len(header)
        count += 1
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, min(count, 0xFFFF), min(count, 0xFFFF), len(central),
                      offset, 0)
    return bytes(local + central) + end


def bare_tar(names: Iterable[str], kind: bytes = tarfile.REGTYPE) -> bytes:
    """A gzipped tar of empty members of one type, headers written from a template (names under 100 bytes)."""
    template = bytearray(tar_entry("x", kind).tobuf(tarfile.GNU_FORMAT))
    template[0:100] = bytes(100)  # tarfile wrote "x/" for a directory: the name field is ours
    template[148:156] = b" " * 8
    base = sum(template)
    out = bytearray()
    for name in names:
        raw = name.encode()
        header = bytearray(template)
        header[0:100] = raw.ljust(100, b"\0")
        header[148:156] = b"%06o\0 " % (base + sum(raw))
        out += header
    return gz(bytes(out + b"\0" * 1024), 6)
