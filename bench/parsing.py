"""Parser throughput on one core, for text and for HTML, next to the raw cost of reading the same bytes.

  python -m bench.parsing [CORPUS_DIR]     (default: tests/fixtures)
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cablestream.parsing import parse_bytes

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "cables"
MIN_SECONDS = 1.0  # repeat each measurement until it lasts this long: small sets are otherwise noise


def _files(corpus_dir: Path | None) -> dict[str, list[Path]]:
    if corpus_dir is None:
        return {"text": sorted(FIXTURES.glob("*.txt")), "html": sorted(FIXTURES.glob("*.html"))}
    return {
        "text": sorted([*corpus_dir.glob("seeds/*.txt"), *corpus_dir.glob("text/*.txt")]),
        "html": sorted([*corpus_dir.glob("html/*.html"), *corpus_dir.glob("html-2011/*.html")]),
    }


def _timed(work: Callable[[], int]) -> tuple[float, int, int]:
    """(seconds per round, rounds, items per round) of repeating ``work`` for at least MIN_SECONDS."""
    rounds, items, start = 0, 0, time.perf_counter()
    while True:
        items = work()
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= MIN_SECONDS:
            return elapsed / rounds, rounds, items


def measure(paths: list[Path]) -> dict[str, float | int]:
    if not paths:
        return {"files": 0}
    blobs = [p.read_bytes() for p in paths]
    total_bytes = sum(map(len, blobs))

    def read() -> int:  # the raw cost: bytes from disk (page cache), as a parse worker loads them
        return sum(len(p.read_bytes()) for p in paths)

    def parse() -> int:
        return sum(1 for data in blobs for _ in parse_bytes(data))

    read_s, _, _ = _timed(read)
    parse_s, rounds, cables = _timed(parse)
    return {
        "files": len(paths), "cables": cables, "megabytes": round(total_bytes / 1e6, 3), "rounds": rounds,
        "cables_per_s": round(cables / parse_s, 1), "mb_per_s": round(total_bytes / 1e6 / parse_s, 2),
        "read_mb_per_s": round(total_bytes / 1e6 / read_s, 1),
        "parse_to_read_ratio": round(parse_s / read_s, 1),
    }


def run(corpus_dir: Path | None) -> dict[str, object]:
    """Single-process, single-thread figures (one core) per publication format."""
    files = _files(corpus_dir)
    return {"corpus": str(corpus_dir or FIXTURES), **{fmt: measure(paths) for fmt, paths in files.items()}}


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2))
