"""Person names as ``search.identity`` compares them: given names and a surname key (pure).

Computed when an entity document is written (the extract stage) and kept in it, so the read API compares
stored keys and never loads the extraction package (and its language model) to read a name.  Words fold
as entity ids do (``cablestream.extraction.names.slug``: case, accents, punctuation), one word at a time
so a hyphenated surname stays one word (``Leutheusser-Schnarrenberger``).
"""

from __future__ import annotations

from cablestream.extraction.names import slug, wordset
from cablestream.search.identity import PersonName

# Lower-case words that belong to the surname, not to the given names (``da Silva``, ``bin Zayed``).
# No single letters: ``E`` in ``Richard E. Hoagland`` is an initial, not the Portuguese ``e``.
PARTICLES = wordset("al el ul bin ibn ben bint de da das do dos du del della der den di la le van von ten ter")
_SUFFIXES = wordset("jr sr ii iii iv")


def parse_name(name: str) -> PersonName:
    """``Nursultan Nazarbayev``, ``NAZARBAYEV, NURSULTAN`` -> given ``(nursultan,)``, surname ``nazarbayev``."""
    if name.count(",") == 1:  # the TAGS order: SURNAME, GIVEN
        surname, _, given = name.partition(",")
        name = f"{given} {surname}"
    words = [w for w in (slug(w) for w in name.split()) if w]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    if not words:
        return PersonName((), "")
    return PersonName(tuple(w for w in words[:-1] if w not in PARTICLES), _surname_key(words[-1]))


def surname_key(name: str) -> str:
    return parse_name(name).surname


def _surname_key(word: str) -> str:
    pieces = word.split("-")  # al-asad, el-banna: the particle is written onto the surname
    while len(pieces) > 1 and pieces[0] in PARTICLES:
        pieces.pop(0)
    return "-".join(pieces)
