"""Hundreds of megabytes of zeros, compressed in well under a second.

A deflate stream cut by full flushes restarts from an empty state at each flush, so one megabyte of
zeros compresses to the same segment every time: the stream for N megabytes is that segment N times.
Only the CRC still has to run over the data (about a second per gigabyte), and is cached.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache

MB = 1024 * 1024
_ZERO_MB = b"\0" * MB


@cache
def _segment() -> bytes:
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return deflater.compress(_ZERO_MB) + deflater.flush(zlib.Z_FULL_FLUSH)


@cache
def _crc(megabytes: int, head: bytes = b"", tail: bytes = b"") -> int:
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(_ZERO_MB, crc)
    return zlib.crc32(tail, crc)


def _deflate(megabytes: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    """Raw deflate of ``head`` + ``megabytes`` of zeros + ``tail``."""
    first = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    last = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    opening = first.compress(head) + first.flush(zlib.Z_FULL_FLUSH) if head else b""
    return opening + _segment() * megabytes + last.compress(tail) + last.flush()


def gzip_zeros(megabytes: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    size = len(head) + megabytes * MB + len(tail)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + _deflate(megabytes, head, tail)
            + struct.pack("<II", _crc(megabytes, head, tail), size & 0xFFFFFFFF))


def tar_gz_zeros(megabytes: int, name: bytes = b"zeros.txt") -> bytes:
    """A tar.gz of one member of zeros (a ustar header written here, so nothing of it is generated)."""
    header = bytearray(512)
    header[0:len(name)] = name
    header[100:108], header[108:116], header[116:124] = b"0000644\0", b"0000000\0", b"0000000\0"
    header[124:136], header[136:148] = b"%011o\0" % (megabytes * MB), b"00000000000\0"
    header[156:157], header[257:265] = b"0", b"ustar\x0000"
    header[148:156] = b" " * 8
    header[148:156] = b"%06o\0 " % sum(header)
    return gzip_zeros(megabytes, bytes(header), b"\0" * 1024)


def zip_zeros(megabytes: int, name: str = "zeros.txt") -> bytes:
    """A zip of one deflated member of zeros."""
    raw, crc, size, encoded = _deflate(megabytes), _crc(megabytes), megabytes * MB, name.encode()
    local = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(raw), size, len(encoded), 0)
    central = struct.pack("<4s6H3I5HII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(raw), size,
                          len(encoded), 0, 0, 0, 0, 0, 0)
    offset = len(local) + len(encoded) + len(raw)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(encoded), offset, 0)
    return local + encoded + raw + central + encoded + end
