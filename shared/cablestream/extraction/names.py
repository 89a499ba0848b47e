"""Name normalisation: the one place that decides when two spellings are the same entity.

Canonical ids are ``type:slug`` where the slug folds case, diacritics, possessives, hyphens and punctuation,
so ``Aitzhanova's``, ``AITZHANOVA`` and ``Aïtzhanova`` all land on the same id in every cable.
"""

from __future__ import annotations

import hashlib
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


@lru_cache(maxsize=1 << 16)  # every span and form of a cable is tidied, most of them more than once
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


# OpenSearch refuses a document id over 512 bytes, and with it the whole bulk of entity documents: a
# malformed cable's run-on "name" once did.  Real ids are far shorter.
MAX_ID_BYTES = 200


def entity_id(kind: str, name: str) -> str:
    return bounded_id(f"{kind}:{slug(name)}")


def bounded_id(ident: str) -> str:
    """The id itself, or past MAX_ID_BYTES its beginning and a digest of the whole (still one per name)."""
    raw = ident.encode()
    if len(raw) <= MAX_ID_BYTES:
        return ident
    digest = hashlib.sha1(raw).hexdigest()[:16]
    return f"{raw[:MAX_ID_BYTES - 17].decode(errors='ignore')}-{digest}"


PARTICLES = wordset("de da das do dos du del della der den di la le van von zu ten ter y e al el bin ibn")
_INITIAL = re.compile(r"^(?:[A-Z]\.)+$|^(?:II|III|IV|VI)$")


def _title_part(part: str) -> str:
    """One hyphen- or apostrophe-free piece: ``MCDONALD`` -> ``McDonald``, ``MACKAY`` stays ``Mackay``."""
    low = part.lower()
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2:].capitalize()
    return low.capitalize()


def _title_word(word: str, first: bool) -> str:
    if _INITIAL.match(word):
        return word
    if not first and word.lower() in PARTICLES:
        return word.lower()  # "de Barros", "bin Laden": particles inside a name stay lower-case
    pieces = re.split(r"([-'’])", word)
    return "".join(p if p in "-'’" else _title_part(p) for p in pieces)


def smart_title(text: str) -> str:
    """``MORGAN TSVANGIRAI`` -> ``Morgan Tsvangirai``, ``GIL-ROBLES`` -> ``Gil-Robles``, ``O'NEILL`` -> ``O'Neill``,
    ``JOAO DE BARROS`` -> ``Joao de Barros``; text with any lower-case letter is already cased and left alone."""
    if any(ch.islower() for ch in text):
        return text
    return " ".join(_title_word(w, i == 0) for i, w in enumerate(text.split()))


def person_from_tag(tag: str) -> str | None:
    """``NAZARBAYEV, NURSULTAN`` -> ``Nursultan Nazarbayev``; None if the tag is not a ``SURNAME, GIVEN`` pair."""
    if "," not in tag:
        return None
    surname, _, given = (part.strip() for part in tag.partition(","))
    if not surname or not given or not re.fullmatch(r"[A-Za-z][A-Za-z' .-]*", surname + given):
        return None
    return smart_title(f"{given} {surname}")
