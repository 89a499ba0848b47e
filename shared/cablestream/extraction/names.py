"""Name normalisation: the one place that decides when two spellings are the same entity.

Canonical ids are ``type:slug`` where the slug folds case, diacritics, possessives, hyphens and punctuation,
so ``Aitzhanova's``, ``AITZHANOVA`` and ``Aïtzhanova`` all land on the same id in every cable.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$", re.IGNORECASE)
_DOTTED = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Jr|Sr|St)\.$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def wordset(text: str) -> frozenset[str]:
    """A word list written as prose (readable in the source) as a set of folded words."""
    return frozenset(fold(w) for w in text.split())


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tidy(text: str) -> str:
    """Surface cleanup that keeps the display form: whitespace, quotes, trailing punctuation, possessive."""
    text = " ".join(text.translate(_QUOTES).split())
    dotted = _DOTTED.search(text)  # keep the final dot of U.S. and Jr.
    text = text.strip(" ,;:!?\"'()[]{}-–—")
    text = text if dotted else text.rstrip(".")
    if _POSSESSIVE.search(text) and not text.lower().endswith("ss'"):
        text = text[:-2] if text[-2:].lower() in ("'s", "’s") else text[:-1]
    text = text.strip(" ,;:'\"")
    # "the Government of Tunisia" is the Government of Tunisia, but "The Hague" keeps its article.
    return text[4:] if text.startswith(("The ", "the ")) and len(text.split()) > 2 else text


@lru_cache(maxsize=1 << 16)  # called for every word of every span and form; names repeat a lot
def fold(text: str) -> str:
    """Comparison key: lower-case ASCII words separated by single spaces."""
    return " ".join(_NON_WORD.sub(" ", strip_accents(tidy(text)).lower()).split())


def slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def entity_id(kind: str, name: str) -> str:
    return f"{kind}:{slug(name)}"


def smart_title(text: str) -> str:
    """``NAZARBAYEV`` -> ``Nazarbayev``; leaves mixed-case text alone; keeps ``Mc``/``O'`` readable enough."""
    if any(ch.islower() for ch in text):
        return text
    return " ".join("-".join(p.capitalize() for p in word.split("-")) for word in text.split())


def person_from_tag(tag: str) -> str | None:
    """``NAZARBAYEV, NURSULTAN`` -> ``Nursultan Nazarbayev``; None if the tag is not a ``SURNAME, GIVEN`` pair."""
    if "," not in tag:
        return None
    surname, _, given = (part.strip() for part in tag.partition(","))
    if not surname or not given or not re.fullmatch(r"[A-Za-z][A-Za-z' .-]*", surname + given):
        return None
    return smart_title(f"{given} {surname}")
