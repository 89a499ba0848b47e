"""TAGS: every code as printed, cleaned, in order; person names (``NAZARBAYEV, NURSULTAN``) kept whole."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_TOKEN = re.compile(r"[^\s,;]+|,|;")
_STRIP = " .:;,()[]{}'\"*-"  # ``TAGS - PREL``: a dash alone is punctuation, not a code


@cache
def known_codes() -> frozenset[str]:
    """Subject, organisation and country codes shipped with the package."""
    data = resources.files("cablestream").joinpath("data")
    codes: set[str] = set()
    for name in ("subject-tags.txt", "organization-tags.txt"):
        codes.update(w.strip().upper() for w in data.joinpath(name).read_text("utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))
    for row in data.joinpath("fips10-4.csv").read_text("utf-8").splitlines():
        if row and not row.startswith("#"):
            codes.add(row.split(",", 1)[0].strip().upper())
    return frozenset(codes)


def _is_code(token: str) -> bool:
    return token in known_codes() or (len(token) <= 5 and token.isalnum())


def parse_tags(raw: str | None) -> list[str]:
    if not raw:
        return []
    tags: list[str] = []
    name: list[str] = []
    for tok in _TOKEN.findall(raw.upper()):
        word = tok.strip(_STRIP)
        if not word:
            continue
        if _is_code(word):
            _flush(name, tags)
            if word not in tags:
                tags.append(word)
        else:
            name.append(word)
    _flush(name, tags)
    return tags


def _flush(name: list[str], tags: list[str]) -> None:
    """A run of non-code words is a person's name: ``SURNAME, GIVEN NAMES``."""
    if name:
        full = name[0] + (", " + " ".join(name[1:]) if len(name) > 1 else "")
        if full not in tags:
            tags.append(full)
        name.clear()
