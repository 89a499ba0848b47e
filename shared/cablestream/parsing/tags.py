"""TAGS: every code as printed, cleaned, in order, once; person names as ``SURNAME, GIVEN``.

Codes are told from names by the shipped code lists (subject, organisation, FIPS country codes): a run of
words that are not codes is a person (``OVIP STEINBERG JAMES``, ``ovip (steinberg, james b.)`` both give
``STEINBERG, JAMES``) unless every word of it is short (unknown codes, ``KXYZ``) or it is a topic, a tag's
meaning or words of one (``HUMAN RIGHTS``, ``COUNTER TERRORISM``), kept whole.  Codes typed without spaces are
split by the lists (``KFRDKIRFCVISCMG``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_TOKEN = re.compile(r"[^\s,;]+|,|;")
_STRIP = " .:;,()[]{}'\"*-"  # ``TAGS - PREL``: a dash alone is punctuation, not a code
_SHORT = 5  # an unknown word this short standing alone is a code the lists lack, not a name


@cache
def known_codes() -> frozenset[str]:
    """Subject, organisation and country codes shipped with the package."""
    data = resources.files("cablestream").joinpath("data")
    codes: set[str] = set()
    for name in ("subject-tags.txt", "organization-tags.txt"):
        codes.update(w.strip().upper() for w in data.joinpath(name).read_text("utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))
    for name in ("fips10-4.csv", "tags-glossary.csv"):
        for row in data.joinpath(name).read_text("utf-8").splitlines():
            if row and not row.startswith("#"):
                codes.add(row.split(",", 1)[0].strip().upper())
    return frozenset(codes)


@cache
def _meanings() -> frozenset[str]:
    """What the codes mean (``HUMAN RIGHTS``): written out in TAGS now and then, never a person."""
    text = resources.files("cablestream").joinpath("data/tags-glossary.csv").read_text("utf-8")
    rows = (line.split(",", 2) for line in text.splitlines() if line and not line.startswith("#"))
    return frozenset(" ".join(r[2].upper().split()) for r in rows if len(r) == 3)


@cache
def _topic_words() -> frozenset[str]:
    """Words of those meanings (``TERRORISM``, ``POLITICAL``): a run holding one is a topic, not a person
    (``COUNTER TERRORISM``, ``POLITICAL PARTIES``).  Words that are also surnames of signers are left out."""
    words = {w for meaning in _meanings() for w in re.findall(r"[A-Z]{5,}", meaning)}
    return frozenset(words - {"NORTH", "POWER", "UNCERTAIN", "HANDBOOK", "OLDER"})


def continues_tags(previous: str, line: str) -> bool:
    """Whether a line goes on with TAGS: after a trailing comma, or when half its words are known codes."""
    words = [w.strip(".,;()") for w in line.upper().split()]
    return previous.rstrip().endswith(",") or sum(w in known_codes() for w in words) * 2 >= len(words)


def parse_tags(raw: str | None) -> list[str]:
    if not raw:
        return []
    tags: list[str] = []
    run: list[str] = []
    words = [w for tok in _TOKEN.findall(raw.upper()) if (w := tok.strip(_STRIP))]
    for i, word in enumerate(words):
        if word in known_codes():
            _flush(run, tags)
            _add(tags, word)
        elif not run and len(word) > _SHORT and (parts := split_glued(word)) and not _name_follows(words, i):
            for part in parts:  # a surname that happens to split (``PARMLY``) has a given name after it
                _add(tags, part)
        else:
            run.append(word)
    _flush(run, tags)
    return tags


def _name_follows(words: list[str], i: int) -> bool:
    """Whether the words after ``words[i]`` continue a person's name (not codes, not a tag's meaning)."""
    after: list[str] = []
    for word in words[i + 1:]:
        if word in known_codes() or (len(word) > _SHORT and split_glued(word)):
            break
        after.append(word)
    return bool(after) and " ".join(after) not in _meanings()


def _add(tags: list[str], tag: str) -> None:
    if tag not in tags:
        tags.append(tag)


def _flush(run: list[str], tags: list[str]) -> None:
    """A run of words that are not known codes: a person ``SURNAME, GIVEN`` (initials dropped), else codes."""
    if not run:
        return
    phrase = " ".join(run)
    if phrase in _meanings() or any(w in _topic_words() for w in run):
        _add(tags, phrase)
    elif all(len(w) <= _SHORT for w in run) and not (len(run) == 2 and len(run[1]) == 1):
        for word in run:
            _add(tags, word)
    else:
        given = [w for w in run[1:] if len(w) > 1]  # ``JAMES B.``: the initial goes, the name stays comparable
        _add(tags, run[0] + (", " + " ".join(given) if given else ""))
    run.clear()


def split_glued(word: str) -> list[str] | None:
    """``KFRDKIRFCVISCMG`` -> KFRD KIRF CVIS CMGT: known codes of four letters or more, at most one two-letter
    country code, the last piece possibly cut short (the unique code it begins); None when no split fits."""
    best = _split(word, 0, True)
    return best if best and len(best) > 1 else None


def _split(word: str, start: int, two_free: bool) -> list[str] | None:
    if start == len(word):
        return []
    rest = word[start:]
    if start and len(rest) == 3 and rest not in known_codes():
        cut = [c for c in known_codes() if c.startswith(rest) and len(c) >= 4]
        if len(cut) == 1:
            return cut
    for size in range(min(6, len(rest)), 1, -1):
        piece = rest[:size]
        if piece not in known_codes() or (size == 2 and not two_free) or size == 3:
            continue
        tail = _split(word, start + size, two_free and size != 2)
        if tail is not None:
            return [piece, *tail]
    return None
