"""Hostile inputs for ``bench.badinput``: over a thousand malformed files of thirty kinds, made from
real cables, deterministic for a seed (each kind draws from its own ``Random(f"{seed}:{kind}")``).

``generate()`` returns them in kind order; ``KINDS`` names each kind with what it holds (the README's
list is printed from it: ``python -m bench.badinput --kinds``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from random import Random

from bench.hostile import bombs, containers, markup, text
from bench.hostile.seeds import Seeds, load

MAX_FILE_BYTES = 32 * 1024 * 1024  # what the run lets the upload service take per file (too_large is over it)
Generator = Callable[[Seeds, Random], list[tuple[str, bytes]]]

KINDS: dict[str, Generator] = {
    "truncated": text.truncated, "byteflip": text.byteflip, "noise": text.noise, "fake_magic": text.fake_magic,
    "utf16": text.utf16, "cp1252": text.cp1252, "bom": text.bom, "nul": text.nul, "long_line": text.long_line,
    "whitespace": text.whitespace, "empty": text.empty, "mixed_encoding": text.mixed_encoding,
    "glued": text.glued, "odd_names": text.odd_names, "too_large": text.too_large,
    "zip_ratio": bombs.zip_ratio, "zip_depth": bombs.zip_depth, "many_members": bombs.many_members,
    "empty_members": bombs.empty_members, "gzip_nest": bombs.gzip_nest,
    "tar_traversal": containers.tar_traversal, "tar_special": containers.tar_special,
    "zip_dupes": containers.zip_dupes, "gzip_broken": containers.gzip_broken,
    "archive_damaged": containers.zipped_damaged,
    "csv_quoting": markup.csv_quoting, "csv_bigfield": markup.csv_bigfield, "hostile_ids": markup.hostile_ids,
    "html_broken": markup.html_broken, "html_nested": markup.html_nested,
}


@dataclass(frozen=True)
class Sample:
    kind: str
    name: str
    data: bytes


def describe(kind: str) -> str:
    """What a kind holds: its generator's docstring, on one line."""
    doc = (KINDS[kind].__doc__ or "").strip()
    return " ".join(doc.split())


def generate(seed: int = 1, corpus: Path | None = None, kinds: list[str] | None = None) -> list[Sample]:
    seeds = load(corpus)
    return [Sample(kind, name, data) for kind in (kinds or list(KINDS))
            for name, data in KINDS[kind](seeds, Random(f"{seed}:{kind}"))]
