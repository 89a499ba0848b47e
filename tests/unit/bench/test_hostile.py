"""The hostile-input generators of ``bench.badinput``: deterministic, and the crafted containers are what
they claim to be (a bomb that did not inflate would test nothing)."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from random import Random

from bench.hostile import KINDS, generate
from bench.hostile.bombs import lying, overlapping
from bench.hostile.pack import bare_tar, bare_zip
from bench.hostile.seeds import load
from bench.hostile.zeros import MB, gzip_zeros, tar_gz_zeros, zip_zeros

CHEAP = ["truncated", "byteflip", "noise", "bom", "gzip_broken", "tar_traversal", "csv_quoting", "odd_names"]


def test_generation_is_deterministic_for_a_seed() -> None:
    first, again, other = generate(7, kinds=CHEAP), generate(7, kinds=CHEAP), generate(8, kinds=CHEAP)
    assert [(s.name, s.data) for s in first] == [(s.name, s.data) for s in again]
    assert [s.data for s in first] != [s.data for s in other]


def test_every_kind_makes_files_and_there_are_enough_kinds() -> None:
    assert len(KINDS) >= 15
    seeds = load()
    cheap = {kind: len(KINDS[kind](seeds, Random(kind))) for kind in CHEAP}
    assert all(cheap.values()) and sum(cheap.values()) >= 400


def test_crafted_zeros_inflate_to_what_they_say() -> None:
    with zipfile.ZipFile(io.BytesIO(zip_zeros(3))) as zf:
        assert zf.read("zeros.txt") == b"\0" * 3 * MB  # zipfile checks the CRC too
    assert gzip.decompress(gzip_zeros(2, b"head", b"tail")) == b"head" + b"\0" * 2 * MB + b"tail"
    with tarfile.open(fileobj=io.BytesIO(tar_gz_zeros(1))) as tf:
        (member,) = tf.getmembers()
        assert member.size == MB and tf.extractfile(member).read() == b"\0" * MB  # type: ignore[union-attr]


def test_bare_archives_read_back() -> None:
    with zipfile.ZipFile(io.BytesIO(bare_zip(f"e{i}.txt" for i in range(70_000)))) as zf:
        assert len(zf.infolist()) == 70_000  # past the 65,535 the end record can count
    with tarfile.open(fileobj=io.BytesIO(bare_tar(["a.txt", "b/"], tarfile.DIRTYPE))) as tf:
        assert [(m.name, m.isdir()) for m in tf.getmembers()] == [("a.txt", True), ("b", True)]


def test_a_lying_member_lies_and_overlapping_entries_share_one_member() -> None:
    with zipfile.ZipFile(io.BytesIO(lying(zipfile.ZIP_BZIP2, real=MB, declared=1000))) as zf:
        assert zf.infolist()[0].file_size == 1000
    with zipfile.ZipFile(io.BytesIO(overlapping(3))) as zf:
        infos = zf.infolist()
        assert len(infos) == 3 and len({i.header_offset for i in infos}) == 1
