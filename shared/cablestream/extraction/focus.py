"""Give the model only the text that can hold a name.

Most words of a telegram's prose cannot be part of a named entity: a name starts with a capital letter, and
the small English NER model decides a token's label from a narrow window around it (four CNN layers of
window one: four words each side).  So the model reads the words within ``reach`` of a *name-capable* word
(a capitalised word that is not a stop word, nor an ordinary word opening a sentence) and skips the runs of
lower-case prose between them; the runs it keeps are joined by a blank line, the same separator the clean
text uses between blocks.  Measured on 211 cables of the corpus (PERSON/ORG/GPE/LOC/NORP spans against a
full read): ``reach=2`` leaves the model 51% of the words and agrees on 99.6% (precision) / 99.1% (recall) of
spans; ``reach=3`` 62% and 99.9% / 99.7%.  On the tune split both scored the same, so the default was 2
(``bench.extraction`` prints the speed-up).
Since 2.7.0 an ordinary word capitalised inside a sentence is name-capable too (``the International Crisis
Group``: the model had read ``the`` + gap + ``Crisis Group``); it keeps 53.7% of the words instead of 53.2%.
Since 2.13.0 the reach is 1: the model reads 36.8% of the corpus's clean words instead of 51.2%, for 12% less
extraction CPU a cable, and the cross-fitted tune halves land on the same precision/recall trade as with 2
(``make frontier``; docs/entities.md, *2.13.0: one word of reach*): the small model's window reaches further
than the text it is given, and the words two away from a capital seldom decide a name.

The focused text maps back to the clean text word by word, so every span still ends at exact body offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from cablestream.extraction import reference
from cablestream.extraction.cleantext import CleanText

DEFAULT_REACH = 1
_STRIP = "\"'()[],.;:!?-–—“”‘’"
_GAP = "\n\n"


@dataclass(frozen=True, slots=True)
class Focus:
    """The model's text and, per kept word, its start there and in the clean text."""

    text: str
    starts: tuple[int, ...]
    clean_starts: tuple[int, ...]

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """Clean-text offsets of a focused span (each end moved by the shift of its own word)."""
        return self._point(start), self._point(end - 1) + 1

    def _point(self, pos: int) -> int:
        i = max(bisect_right(self.starts, pos) - 1, 0)
        return self.clean_starts[i] + (pos - self.starts[i])


# Called for every word of every cable, and words repeat: each is decided once per process, within a bound.
@lru_cache(maxsize=1 << 16)
def _can_name(word: str, common: frozenset[str]) -> bool:
    """Has a capital (``al-Qaida`` too), and is not a capitalised stop word or ordinary word (``The``,
    ``However``, ``Officials`` open sentences; the archive writes them in lower case, see
    ``reference.common_words``); ``US`` is a name."""
    core = word.strip(_STRIP)
    if not any(ch.isupper() for ch in core):
        return False
    if core[0].isupper() and core[1:].islower():
        low = core.lower()
        return low not in STOP_WORDS and low not in common
    return True


_SENTENCE_END = (".", "!", "?", ":", ";")


def _inner_capital(word: str, text: str, prev_end: int, start: int) -> bool:
    """An ordinary word capitalised inside a sentence is part of a name (``the International Crisis
    Group``): the common-word test is for the capital that opens a sentence (2.7.0)."""
    if not word[:1].isupper() or "\n" in text[prev_end:start]:
        return False
    return text[prev_end - 1:prev_end] not in _SENTENCE_END and word.lower().strip(_STRIP) not in STOP_WORDS


def focus(text: str, clean: CleanText, reach: int = DEFAULT_REACH) -> Focus:
    """``text`` is the clean text or its re-cased form (same offsets); ``reach`` 0 or less keeps every word."""
    starts, lengths = clean.clean_starts, clean.lengths
    n = len(starts)
    keep = [reach <= 0] * n
    if reach > 0:
        common = reference.common_words()
        for i in range(n):
            word = text[starts[i]:starts[i] + lengths[i]]
            if _can_name(word, common) or (i and _inner_capital(word, text, starts[i - 1] + lengths[i - 1], starts[i])):
                for j in range(max(0, i - reach), min(n, i + reach + 1)):
                    keep[j] = True
    parts: list[str] = []
    f_starts: list[int] = []
    c_starts: list[int] = []
    pos, previous = 0, -2
    for i in range(n):
        if not keep[i]:
            continue
        if parts:
            # Adjacent words keep their own separator (a space or the clean text's block break).
            sep = text[starts[previous] + lengths[previous]:starts[i]] if previous == i - 1 else _GAP
            parts.append(sep)
            pos += len(sep)
        parts.append(text[starts[i]:starts[i] + lengths[i]])
        f_starts.append(pos)
        c_starts.append(starts[i])
        pos += lengths[i]
        previous = i
    return Focus("".join(parts), tuple(f_starts), tuple(c_starts))
