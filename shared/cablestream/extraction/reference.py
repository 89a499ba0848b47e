"""Reference tables shipped in ``cablestream/data``: loaded once per process and cached.

The cablemap files (route2name.csv, signers.json, tag lists) are BSD-licensed; their licence sits beside them.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class Country:
    fips: str
    iso: str | None
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TagMeaning:
    code: str
    kind: str  # subject | program | organization
    meaning: str


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@cache
def countries() -> dict[str, Country]:
    """FIPS 10-4 code -> country."""
    return {
        r["fips"]: Country(r["fips"], r["iso"] or None, r["name"], tuple(a for a in r["aliases"].split("|") if a))
        for r in _rows("fips10-4.csv")
    }


@cache
def glossary() -> dict[str, TagMeaning]:
    return {r["code"]: TagMeaning(r["code"], r["kind"], r["meaning"]) for r in _rows("tags-glossary.csv")}


def _codes(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def org_names() -> frozenset[str]:
    """Movements and companies the model reads as people (``Hizballah``, ``Petrobras``), as written."""
    return _codes("org-names.txt")


@cache
def place_names() -> frozenset[str]:
    """Regions and cities without a US post that the model reads as people (``Qom``, ``Sahel``), as written."""
    return _codes("places.txt")


def _lower_counts() -> list[tuple[str, int, int]]:
    with (DATA / "lower-words.tsv").open(encoding="utf-8") as fh:
        rows = (line.rstrip("\n").split("\t") for line in fh if not line.startswith("#"))
        return [(word, int(lower), int(capital)) for word, lower, capital in rows]


@cache
def lexicon_words() -> tuple[str, ...]:
    """Every word of the archive's lexicon (``data/lower-words.tsv``), in its order."""
    return tuple(word for word, _, _ in _lower_counts())


@cache
def kind_acronyms() -> frozenset[str]:
    """Initials the archive spells out in lower-case words (``UAV``, ``IDP``, ``LNG``): kinds of things, not
    bodies, in every cable (``data/kind-acronyms.txt``, from ``bench.acronyms``) (2.7.0)."""
    with (DATA / "kind-acronyms.txt").open(encoding="utf-8") as fh:
        return frozenset(line.split("\t")[0] for line in fh if line.strip() and not line.startswith("#"))


@cache
def common_words() -> frozenset[str]:
    """Words the archive's prose writes in lower case at least three times and four times as often as it
    capitalises them inside a sentence (``predecessor``, ``officers``; not ``rice``): a capital on one is no
    evidence of a name.  Counts from ``bench.lexicon``."""
    return frozenset(w for w, lower, capital in _lower_counts() if lower >= 3 and lower >= 4 * capital)


@cache
def english_lower_words() -> frozenset[str]:
    """Words general English writes in lower case eight times as often as capitalised, among those the
    archive's prose writes too seldom to judge (``alarm``, ``complicit``; ``data/english-lower.txt``, from
    ``bench.lexicon --english``) (2.9.0)."""
    with (DATA / "english-lower.txt").open(encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))


@cache
def ordinary_words() -> frozenset[str]:
    """The words whose capital is no evidence of a name in a Title Case span: the archive's common words, and
    English's where the archive cannot tell.  Not for initials: English writes ``imo``, ``dos`` and ``gop``
    in lower case, the archive writes ``IMO``, ``DOS`` and ``GOP`` as bodies."""
    return common_words() | english_lower_words()


@cache
def lower_case_words() -> frozenset[str]:
    """Every word the archive writes in lower case at least as often as capitalised inside a sentence: the
    vocabulary that re-cases an all-caps telegram (``truecase``)."""
    return frozenset(w for w, _, _ in _lower_counts())


@cache
def post_origins() -> frozenset[str]:
    """Cities of the archive's posts as origins are written (``SAOPAULO``, ``PORTOFSPAIN``)."""
    return _codes("posts.txt")


@cache
def subject_codes() -> frozenset[str]:
    return _codes("subject-tags.txt") | {c for c, m in glossary().items() if m.kind == "subject"}


@cache
def organization_codes() -> frozenset[str]:
    return _codes("organization-tags.txt") | {c for c, m in glossary().items() if m.kind == "organization"}


@cache
def routes() -> dict[str, str]:
    """Routing indicator (``RUEHC``) -> station name (``DEPT OF STATE WASHINGTON DC``)."""
    with (DATA / "route2name.csv").open(encoding="utf-8") as fh:
        return {row[0].strip(): row[1].strip() for row in csv.reader(fh) if len(row) >= 2}


SignerEntry = str | dict[str, str]  # a name, or two-digit year -> name where a post had two signers of that name


@cache
def signers() -> dict[str, dict[str, SignerEntry]]:
    """Signer surname (upper case) -> post (``ASTANA``) -> full name (or year -> full name)."""
    data: dict[str, dict[str, SignerEntry]] = json.loads((DATA / "signers.json").read_text(encoding="utf-8"))
    return data


def signer_name(surname: str, post: str, year: str) -> str | None:
    """Full name of the signer ``surname`` at ``post`` in ``year`` (``09``); a post-less guess only if unique."""
    by_post = signers().get(surname.upper(), {})
    entry = by_post.get(post) or (next(iter(by_post.values())) if len(by_post) == 1 else None)
    if isinstance(entry, dict):
        entry = entry.get(year) or (next(iter(set(entry.values()))) if len(set(entry.values())) == 1 else None)
    return entry or None
