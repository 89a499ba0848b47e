"""The English fallback of the ordinary-word lexicon: general English decides only what the archive cannot."""

from __future__ import annotations

from collections import Counter

from bench.lexicon import _count_block, english_lower
from cablestream.extraction import reference


def test_english_decides_only_the_words_the_archive_cannot() -> None:
    probs = {
        "alarm": -11.5, "Alarm": -14.3,  # English: lower case 16x as often
        "bush": -11.7, "Bush": -10.8,  # English capitalises it as often: a name's word
        "treaty": -11.0, "Treaty": -14.0,  # the archive has its own counts
        "downtime": -12.0,  # never capitalised at all in English
        "shell": -11.0, "Shell": -13.0,  # the archive capitalises it (a company)
        "gop": -12.0, "Gop": -16.0,  # the archive writes it as initials
        "zyxt": -19.0,  # too rare to trust
    }
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    _count_block("The treaty was signed and the treaty holds; a treaty needs Shell and GOP support.", lower, capital)
    assert lower["treaty"] == 3 and capital["shell"] == 1 and capital["GOP"] == 1
    assert english_lower(probs, lower, capital) == ["alarm", "downtime"]


def test_the_ordinary_words_add_english_only_where_the_archive_has_no_say() -> None:
    ordinary = reference.ordinary_words()
    assert {"alarm", "complicit"} <= ordinary  # too seldom in the archive to judge; English writes them lower
    assert not {"bush", "rice", "gates", "shell", "gop", "dos"} & ordinary
    assert reference.common_words() <= ordinary
