"""How the annotated cables were chosen from the development corpus (run once; kept to be re-run and read).

``python -m bench.entityset.select ../shared/corpus`` prints ``split<TAB>path`` for the chosen cables.
Every cable older than 1995 is taken (they are few, and all-caps); then the rest round-robin over posts,
most distinct posts first, alternating years, skipping bodies over 14,000 characters (the annotators read
every word) and the 15 cables annotated before.  The split is ``bench.entityset.split_of``.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from bench.entityset import LEGACY_TUNED, split_of
from cablestream.parsing import parse_bytes
from cablestream.record import Cable

TARGET = 110
MAX_CHARS = 14_000
_ID = re.compile(r"^(\d\d)([A-Z]+?)(\d+)\.(?:txt|html)$")  # 7575LIBREVILLE1895 matches too


def _year(rid: str) -> int:
    yy = int(rid[:2])
    return 1900 + yy if yy > 20 else 2000 + yy


def _body_chars(path: Path) -> int:
    cables = [c for c in parse_bytes(path.read_bytes(), path.name) if isinstance(c, Cable)]
    return len(cables[0].body) if cables else 10**9


def choose(corpus: Path) -> list[Path]:
    # Text first: a cable published in both formats is read as text, so both formats are well represented.
    files = [f for pattern in ("text/*.txt", "html-2011/*.html", "html/*.html") for f in sorted(corpus.glob(pattern))]
    seen: set[str] = set(LEGACY_TUNED)
    chosen: list[Path] = []
    by_post: dict[str, list[Path]] = defaultdict(list)
    for f in files:
        m = _ID.match(f.name)
        rid = f.stem
        if rid in seen or not m or _body_chars(f) > MAX_CHARS:
            continue
        if _year(rid) < 1995:
            chosen.append(f)
            seen.add(rid)
        else:
            by_post[m.group(2)].append(f)
    round_ = 0
    while len(chosen) < TARGET and any(by_post.values()):
        for post in sorted(by_post, key=lambda p: (-len(by_post[p]), p)):
            pool = [f for f in by_post[post] if f.stem not in seen]
            if not pool:
                continue
            pick = pool[(round_ * 7) % len(pool)]  # spread over years within a post
            chosen.append(pick)
            seen.add(pick.stem)
            if len(chosen) >= TARGET:
                break
        round_ += 1
    return chosen


def main(argv: list[str]) -> None:
    corpus = Path(argv[0] if argv else "../shared/corpus")
    for f in choose(corpus):
        print(f"{split_of(f.stem)}\t{f.relative_to(corpus)}")


if __name__ == "__main__":
    main(sys.argv[1:])
