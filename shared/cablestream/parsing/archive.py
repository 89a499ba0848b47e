"""The archive's id universe: the 251,287 reference ids of the full release, with the month of each.

Loaded once, lazily, from ``data/cable2month.csv.gz`` (cablemap, BSD: see ``data/LICENSE-cablemap.txt``) into
a compact shape: per (year, post) the sorted serials, and per (year, post) the lowest serial sent after each
month.  A set of 251,287 strings would cost ten times the memory for the same answers.
"""

from __future__ import annotations

import gzip
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

_ID = re.compile(r"(\d{2})([A-Z]+?)0*([1-9]\d*)")
_ROW = re.compile(r"^(\d{2})([A-Z]+?)0*([1-9]\d*),(\d{1,2})\r?$", re.MULTILINE)
_NONE = 1 << 31  # no serial known after that month
POST_MIN_IDS = 5  # an origin with fewer ids is a typo of the archive itself (``BRUSSLS``): never a target


@dataclass(frozen=True, slots=True)
class Archive:
    serials: dict[tuple[str, str], array[int]]
    # (year, post) -> for each month m (0..12), the lowest serial of a cable sent after month m
    after: dict[tuple[str, str], tuple[int, ...]]
    malformed: frozenset[str]  # ids as published that do not fit YY + POST + serial
    posts: dict[str, int]  # origin -> how many ids of the archive carry it

    def exists(self, ref_id: str) -> bool:
        m = _ID.fullmatch(ref_id)
        if m is None:
            return ref_id in self.malformed
        found = self.serials.get((m.group(1), m.group(2)))
        if found is None:
            return False
        serial = int(m.group(3))
        i = bisect_left(found, serial)
        return i < len(found) and found[i] == serial

    def known_post(self, post: str) -> bool:
        return self.posts.get(post, 0) >= POST_MIN_IDS

    def sent_after(self, year: str, post: str, month: int) -> int | None:
        """The lowest serial (year, post) is known to have sent after ``month``: a later serial is later too."""
        bounds = self.after.get((year, post))
        if bounds is None or not 0 <= month <= 12 or bounds[month] == _NONE:
            return None
        return bounds[month]


@cache
def archive() -> Archive:
    raw = resources.files("cablestream").joinpath("data/cable2month.csv.gz").read_bytes()
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    malformed: set[str] = set()
    posts: Counter[str] = Counter()
    text = gzip.decompress(raw).decode("ascii")
    for year, post, serial, month in _ROW.findall(text):  # one scan of the text, not a match per line
        posts[post] += 1
        pairs[(year, post)].append((int(serial), int(month)))
    if sum(posts.values()) != text.count("\n"):
        malformed.update(ln.partition(",")[0] for ln in text.splitlines() if not _ROW.fullmatch(ln))
    serials: dict[tuple[str, str], array[int]] = {}
    after: dict[tuple[str, str], tuple[int, ...]] = {}
    for key, rows in pairs.items():
        serials[key] = array("l", sorted(s for s, _ in rows))
        in_month = [_NONE] * 14
        for serial, month in rows:
            in_month[month] = min(in_month[month], serial)
        bounds = [_NONE] * 13
        for m in range(12, -1, -1):  # lowest after month m: the lowest of months m+1..12
            bounds[m] = min(in_month[m + 1], bounds[m + 1] if m < 12 else _NONE)
        after[key] = tuple(bounds)
    return Archive(serials, after, frozenset(malformed), dict(posts))
