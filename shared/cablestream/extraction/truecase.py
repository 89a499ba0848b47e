"""Re-case all-caps telegrams so the NER model (trained on mixed case) can read them.

The archive's own prose says which words are ordinary: every word its mixed-case cables write in lower case
(``data/lower-words.tsv``, ~14,000 words) and the stop words go to lower case, as do unknown words with an
English derivational ending (misspellings); every other word is capitalised, and short unknown ones stay in
capitals (``GOI``, ``UN``).  Measured against the previous tagger-based re-casing on the all-caps cables of
the tune split, people went from 0.82/0.47 (precision/recall) to 0.65/0.79, and the tagger (a second model in
memory, 12% of extraction time on the text corpus) is gone.  The output has exactly the input's length, so
offsets carry over unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from cablestream.extraction import reference

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SENTENCE_END = re.compile(r"[.!?]\s*$|\n\s*$")


# English derivational endings: an unknown word that has one is a misspelt or rare ordinary word
# (``Forecefully``, ``Preceptible``), not a name.  Not ``-ed``/``-ing``: Ahmed, Beijing.
_ORDINARY_ENDING = re.compile(r"(?:ly|tion|sion|ible|able|ness|ment|ity|ous|ive|ful|less|ized|ised|ists?)$")


def _inflected(low: str, common: frozenset[str]) -> bool:
    """``shootings``, ``upped``, ``planned``: an ordinary word with an inflection the lexicon lacks."""
    for ending in ("s", "es", "ed", "d", "ing"):
        stem = low[: -len(ending)]
        doubled = stem[:-1] in common and stem[-1] == stem[-2]  # "upped", "planned"
        if low.endswith(ending) and len(stem) >= 3 and (stem in common or doubled):
            return True
    return False


# Words repeat across an archive: each (word, sentence start) is decided once per process, within a bound.
@lru_cache(maxsize=1 << 16)
def _recase_word(word: str, start: bool, common: frozenset[str]) -> str:
    low = word.lower()
    derived = len(low) > 5 and bool(_ORDINARY_ENDING.search(low))
    if low in common or low in STOP_WORDS or derived or _inflected(low, common):
        return low.capitalize() if start else low
    return word if len(word) <= 3 else word.capitalize()


# The focus and the titled-name rules both read a cable's re-cased text: computed once.
@lru_cache(maxsize=8)
def truecase(text: str) -> str:
    """The all-caps ``text`` re-cased (see the module's docstring); same length as the input."""
    common = reference.lower_case_words()
    out: list[str] = []
    pos = 0
    for m in _WORD.finditer(text):
        out.append(text[pos:m.start()])
        start = (pos == 0 and not out[0]) or bool(_SENTENCE_END.search(text, max(0, m.start() - 3), m.start()))
        out.append(_recase_word(m.group(), start, common))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)
