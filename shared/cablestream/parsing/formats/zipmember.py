"""Reading one zip member without ever inflating more than it declares (a declared size may lie).

``zipfile`` asks the inflater for as many bytes as the caller asks for and only then cuts them to the
declared size: a member declaring 1,000 bytes that inflates to 300 MB took 600 MB of memory.  Deflated
members are therefore read asking for their declared size; and ``zipfile`` inflates bzip2 and LZMA
members with no bound at all (350 bytes of bzip2 are 300 MB of zeros; 20 KB would be 20 GB, an
out-of-memory kill), so those are inflated here from their raw bytes, with a bound.
"""

from __future__ import annotations

import bz2
import lzma
import zipfile
import zlib

from cablestream.parsing.formats.limits import ContainerError

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD_SIZE, _LOCATOR_SIZE, _EOCD64_SIZE = 22, 20, 56
_LOCAL_HEADER = b"PK\x03\x04"
_LOCAL_HEADER_SIZE = 30
_ENCRYPTED = 0x1
# The end of an archive that holds its end records: the zip64 ones, the end record and its comment.
TAIL_BYTES = _EOCD64_SIZE + _LOCATOR_SIZE + _EOCD_SIZE + 0xFFFF


def central_directory_size(data: bytes) -> int:
    """The size of the central directory as the end record states it (the zip64 one where present):
    what ``zipfile`` reads, and keeps an object per entry of, when the archive is opened.  ``data``: the
    archive, or its last :data:`TAIL_BYTES`."""
    at = data.rfind(_EOCD, max(0, len(data) - _EOCD_SIZE - 0xFFFF))
    if at == -1 or at + _EOCD_SIZE > len(data):
        return 0  # no end record: zipfile refuses the archive
    locator = at - _LOCATOR_SIZE
    record = locator - _EOCD64_SIZE
    if record >= 0 and data[locator:locator + 4] == _EOCD64_LOCATOR:
        return int.from_bytes(data[record + 40:record + 48], "little")
    return int.from_bytes(data[at + 12:at + 16], "little")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, at most ``limit`` + 1 of them (one more than allowed tells the caller it lied)."""
    try:
        if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            with archive.open(info) as fh:
                return fh.read(limit + 1)
        return _inflate_raw(archive, info, limit)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError,
            lzma.LZMAError, zlib.error) as err:  # zlib.error: damaged deflate data (was a ParserBug ending the zip)
        raise ContainerError(f"unreadable member {info.filename}: {err}") from err


def _inflate_raw(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.compress_type not in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        raise NotImplementedError(f"compression method {info.compress_type}")
    if info.flag_bits & _ENCRYPTED:
        raise RuntimeError("encrypted")
    raw = _raw(archive, info)
    if info.compress_type == zipfile.ZIP_BZIP2:
        out = bz2.BZ2Decompressor().decompress(raw, max_length=limit + 1)
    else:
        out = _lzma_decompressor(raw).decompress(raw[4 + int.from_bytes(raw[2:4], "little"):], max_length=limit + 1)
    if len(out) != info.file_size:  # zipfile would cut it to the declared size, then find the CRC wrong
        raise zipfile.BadZipFile(f"declares {info.file_size} bytes, inflates to {len(out)}{'+' * (len(out) > limit)}")
    if zlib.crc32(out) != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
    return out


def _raw(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes, after the member's local header (whose name and extra field have their own
    lengths, not those of the central directory).  zipfile seeks before each of its own reads."""
    fp = archive.fp
    if fp is None:
        raise ValueError("the archive is closed")
    fp.seek(info.header_offset)
    header = fp.read(_LOCAL_HEADER_SIZE)
    if len(header) < _LOCAL_HEADER_SIZE or header[:4] != _LOCAL_HEADER:
        raise zipfile.BadZipFile("bad local file header")
    fp.seek(int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little"), 1)
    return fp.read(info.compress_size)


def _lzma_decompressor(raw: bytes) -> lzma.LZMADecompressor:
    """Zip's LZMA: a version, the size of the properties, then LZMA1 properties (lc, lp, pb and the dictionary)."""
    props = raw[4:4 + int.from_bytes(raw[2:4], "little")]
    if len(props) < 5:
        raise lzma.LZMAError("truncated LZMA properties")
    pb, rest = divmod(props[0], 45)
    lp, lc = divmod(rest, 9)
    dict_size = int.from_bytes(props[1:5], "little")
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[
        {"id": lzma.FILTER_LZMA1, "dict_size": dict_size, "lc": lc, "lp": lp, "pb": pb}])
