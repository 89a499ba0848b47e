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
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

_ID = re.compile(r"(\d{2})([A-Z]+?)0*([1-9]\d*)")
# a well-formed id in three parts, else the id as published (53 of them), then the month
_ROW = re.compile(r"^(?:(\d{2})([A-Z]+?)0*([1-9]\d*)|([^,\r\n]+)),(\d{1,2})\r?$", re.MULTILINE)
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
    found: dict[tuple[str, str], array[int]] = {}
    in_month: dict[tuple[str, str], list[int]] = {}
    malformed: set[str] = set()
    posts: Counter[str] = Counter()
    for m in _ROW.finditer(gzip.decompress(raw).decode("ascii")):  # one scan of the text, no list of rows
        year, post, serial, odd, month = m.groups()
        if odd is not None:
            malformed.add(odd)
            continue
        key, number = (year, post), int(serial)
        if key not in found:
            found[key], in_month[key] = array("l"), [_NONE] * 14
        found[key].append(number)
        lowest = in_month[key]
        lowest[int(month)] = min(lowest[int(month)], number)
        posts[post] += 1
    after: dict[tuple[str, str], tuple[int, ...]] = {}
    for key, lowest in in_month.items():
        found[key] = array("l", sorted(found[key]))
        bounds = [_NONE] * 13
        for month in range(12, -1, -1):  # lowest after a month: the lowest of the months after it
            bounds[month] = min(lowest[month + 1], bounds[month + 1] if month < 12 else _NONE)
        after[key] = tuple(bounds)
    return Archive(found, after, frozenset(malformed), dict(posts))
