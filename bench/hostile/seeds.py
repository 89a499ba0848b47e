"""The real cables hostile files are made from: the repo's samples and test fixtures, and the corpus
when there is one (extra seeds only: the run works on a clone without it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_DIRS = (REPO / "samples", REPO / "tests" / "data" / "cables", REPO / "tests" / "fixtures" / "cables")
CORPUS_PAGES = 40  # corpus files taken per folder: enough variety, generation stays fast


@dataclass(frozen=True)
class Seeds:
    texts: list[tuple[str, bytes]]  # text layout cables
    pages: list[tuple[str, bytes]]  # HTML pages (2010 viewer and 2011 release)
    csvs: list[tuple[str, bytes]]  # cables.csv exports

    @property
    def all(self) -> list[tuple[str, bytes]]:
        return [*self.texts, *self.pages, *self.csvs]


def load(corpus: Path | None = None) -> Seeds:
    files = [p for d in SEED_DIRS if d.is_dir() for p in sorted(d.iterdir()) if p.is_file()]
    if corpus is not None and corpus.is_dir():
        files += [p for sub in ("text", "html", "html-2011") if (corpus / sub).is_dir()
                  for p in sorted((corpus / sub).iterdir())[:CORPUS_PAGES]]
    by_suffix: dict[str, list[tuple[str, bytes]]] = {".txt": [], ".html": [], ".csv": []}
    seen: set[bytes] = set()
    for path in files:
        data = path.read_bytes()
        if path.suffix in by_suffix and data not in seen:  # a fixture may repeat a sample
            seen.add(data)
            by_suffix[path.suffix].append((path.name, data))
    seeds = Seeds(by_suffix[".txt"], by_suffix[".html"], by_suffix[".csv"])
    if not (seeds.texts and seeds.pages and seeds.csvs):
        raise FileNotFoundError(f"seed cables missing under {[str(d) for d in SEED_DIRS]}")
    return seeds
