"""Benchmark inputs: real cables, multiplied into distinct reference ids where more are needed."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cablestream.parsing import ParseFailure, parse_bytes

REPO = Path(__file__).resolve().parents[1]
FALLBACK_DIRS = [REPO / "samples", REPO / "tests" / "fixtures"]


@dataclass(frozen=True)
class BenchFile:
    name: str
    data: bytes
    reference_id: str


def source_files(corpus: Path | None) -> list[BenchFile]:
    """Every single-cable text or HTML file of the corpus (or of the repo's samples and fixtures)."""
    roots = [corpus / d for d in ("seeds", "text", "html", "html-2011")] if corpus else FALLBACK_DIRS
    files = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() not in {".txt", ".html", ".htm"} or not path.is_file():
                continue
            data = path.read_bytes()
            outcomes = list(parse_bytes(data, name=path.name))
            if len(outcomes) == 1 and not isinstance(outcomes[0], ParseFailure) \
                    and _renamable(data, outcomes[0].reference_id):
                files.append(BenchFile(path.name, data, outcomes[0].reference_id))
    return files


def _renamable(data: bytes, reference_id: str) -> bool:
    """Whether rewriting the id in the bytes gives a cable of the new id.  Not so for the few cables
    published under a malformed id (``7575LIBREVILLE1895`` is read as ``75LIBREVILLE1895``): a bench
    waiting for the id it wrote would wait for ever."""
    probe = f"{reference_id}900000"
    outcomes = list(parse_bytes(data.replace(reference_id.encode(), probe.encode()), name="probe"))
    return len(outcomes) == 1 and getattr(outcomes[0], "reference_id", None) == probe


def distinct_cables(files: list[BenchFile], count: int, tag: str) -> Iterator[BenchFile]:
    """``count`` cables with distinct ids: copies get the id rewritten everywhere in their bytes."""
    for n, source in zip(range(count), itertools.cycle(files), strict=False):
        new_id = f"{source.reference_id}{tag}{n:05d}"  # digits only: still a well-formed id
        data = source.data.replace(source.reference_id.encode(), new_id.encode())
        yield BenchFile(f"{new_id}{Path(source.name).suffix}", data, new_id)
