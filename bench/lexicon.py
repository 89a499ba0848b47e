"""Build ``data/common-words.txt``: words the archive writes in lower case, so a capital on them is not a name.

  python -m bench.lexicon CORPUS > shared/cablestream/data/common-words.txt

Counted over the clean prose of the mixed-case cables of the corpus, leaving out the cables of the entity test
split (``bench.entityset``) so that their text never shapes the rules scored on them.  A word is common when it
is written in lower case at least three times and at least four times as often as it is capitalised inside a
sentence: ``predecessor``, ``federal`` and ``deputy`` are; ``rice`` and ``bush`` are not (``Rice``, ``Bush``).
No annotation is read: the list is a property of the archive's prose, not of anybody's misses.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from bench.entityset import split_of
from cablestream.extraction import cleantext
from cablestream.parsing import parse_bytes
from cablestream.record import Cable

_TOKEN = re.compile(r"[A-Za-z][a-z'’-]*[a-z]|[a-z]")
MIN_LOWER, RATIO = 3, 4


def count(corpus: Path) -> tuple[Counter[str], Counter[str]]:
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    seen: set[str] = set()
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".html") and "reference" not in p.parts):
        for cable in parse_bytes(path.read_bytes(), path.name):
            if not isinstance(cable, Cable) or cable.reference_id in seen or split_of(cable.reference_id) == "test":
                continue
            seen.add(cable.reference_id)
            clean = cleantext.build(cable.body)
            if clean.upper:
                continue
            for block in clean.text.split("\n\n"):
                _count_block(block, lower, capital)
    return lower, capital


def _count_block(block: str, lower: Counter[str], capital: Counter[str]) -> None:
    previous = "."
    for word in block.split():
        core = word.strip("\"'()[],;:!?“”‘’")
        if _TOKEN.fullmatch(core):
            if core.islower():
                lower[core] += 1
            elif core[0].isupper() and core[1:].islower() and not previous.endswith((".", "?", "!", ":")):
                capital[core.lower()] += 1
        previous = word


def main(argv: list[str]) -> None:
    lower, capital = count(Path(argv[0] if argv else "../shared/corpus"))
    common = sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= RATIO * capital[w])
    print("# Words the archive's prose writes in lower case (bench/lexicon.py; see docs/entities.md).")
    print("\n".join(common))


if __name__ == "__main__":
    main(sys.argv[1:])
