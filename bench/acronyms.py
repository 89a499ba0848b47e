"""Build ``data/kind-acronyms.txt``: initials the archive spells out in lower-case words, so they name kinds
of things (``unmanned aerial vehicles (UAV)``, ``internally displaced persons (IDP)``), not bodies.

  python -m bench.acronyms CORPUS > shared/cablestream/data/kind-acronyms.txt

Read from the corpus's cables outside the entity test split (``bench.entityset``), with the rule a cable
applies to itself (``bodies.lower_definitions``); the extractor then applies it to every cable that uses the
initials without spelling them out.  No annotation is read: the list is a property of the archive's prose.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bench.entityset import outside_test_split
from cablestream.extraction.bodies import lower_definitions


def count(corpus: Path) -> Counter[str]:
    found: Counter[str] = Counter()
    for cable in outside_test_split(corpus):
        found.update(lower_definitions(cable.body))
    return found


def main(argv: list[str]) -> None:
    found = count(Path(argv[0] if argv else "../shared/corpus"))
    print("# initials the archive spells out in lower-case words, and in how many cables (bench/acronyms.py)")
    for acronym, cables in sorted(found.items()):
        print(f"{acronym}\t{cables}")


if __name__ == "__main__":
    main(sys.argv[1:])
