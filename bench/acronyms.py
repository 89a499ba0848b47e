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

from bench.entityset import split_of
from cablestream.extraction.bodies import lower_definitions
from cablestream.parsing import parse_bytes
from cablestream.record import Cable


def count(corpus: Path) -> Counter[str]:
    found: Counter[str] = Counter()
    seen: set[str] = set()
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".html") and "reference" not in p.parts):
        for cable in parse_bytes(path.read_bytes(), path.name):
            if not isinstance(cable, Cable) or cable.reference_id in seen or split_of(cable.reference_id) == "test":
                continue
            seen.add(cable.reference_id)
            found.update(lower_definitions(cable.body))
    return found


def main(argv: list[str]) -> None:
    found = count(Path(argv[0] if argv else "../shared/corpus"))
    print("# initials the archive spells out in lower-case words, and in how many cables (bench/acronyms.py)")
    for acronym, cables in sorted(found.items()):
        print(f"{acronym}\t{cables}")


if __name__ == "__main__":
    main(sys.argv[1:])
