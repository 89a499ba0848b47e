"""Build ``data/lower-words.tsv``: how often the archive writes each word in lower case, and capitalised inside
a sentence, so that a capital on an ordinary word is not taken for a name.

  python -m bench.lexicon CORPUS > shared/cablestream/data/lower-words.tsv

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

from bench.entityset import outside_test_split
from cablestream.extraction import cleantext

_TOKEN = re.compile(r"[A-Za-z][a-z'’-]*[a-z]|[a-z]")


def count(corpus: Path) -> tuple[Counter[str], Counter[str]]:
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for cable in outside_test_split(corpus):
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
    print("# word, times written in lower case, times capitalised inside a sentence (bench/lexicon.py)")
    for word in sorted(lower):
        if lower[word] >= capital[word]:  # a word more often capitalised is a name's word, never ordinary
            print(f"{word}\t{lower[word]}\t{capital[word]}")


if __name__ == "__main__":
    main(sys.argv[1:])
