"""Build ``data/lower-words.tsv``: how often the archive writes each word in lower case, and capitalised inside
a sentence, so that a capital on an ordinary word is not taken for a name.

  python -m bench.lexicon CORPUS > shared/cablestream/data/lower-words.tsv

Counted over the clean prose of the mixed-case cables of the corpus, leaving out the cables of the entity test
split (``bench.entityset``) so that their text never shapes the rules scored on them.  A word is common when it
is written in lower case at least three times and at least four times as often as it is capitalised inside a
sentence: ``predecessor``, ``federal`` and ``deputy`` are; ``rice`` and ``bush`` are not (``Rice``, ``Bush``).
No annotation is read: the list is a property of the archive's prose, not of anybody's misses.

  python -m bench.lexicon --english CORPUS > shared/cablestream/data/english-lower.txt

writes the fallback for the words the archive's ~700 cables write too seldom to judge (in lower case fewer
than three times, and never with a capital): the words general English writes in lower case at least eight
times as often as capitalised, from the case-sensitive word probabilities of ``spacy-lookups-data`` (table
``en_lexeme_prob``; ``make lexicon`` installs it, a build-time tool only: the file is committed).
``alarm``, ``complicit``, ``keying`` are in; ``bush``, ``rice``, ``gates``, ``brown`` are not (English
capitalises them about as often), nor is any word the archive itself writes three times or capitalises at all
(``Shell``, ``GOP``: its own counts decide those) (2.9.0).
"""

from __future__ import annotations

import gzip
import json
import math
import re
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

from bench.entityset import outside_test_split
from cablestream.extraction import cleantext

_TOKEN = re.compile(r"[A-Za-z][a-z'’-]*[a-z]|[a-z]")


def count(corpus: Path) -> tuple[Counter[str], Counter[str]]:
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for cable in outside_test_split(corpus):
        clean = cleantext.build(cable.body)
        if clean.upper:
            continue
        for block in clean.text.split("\n\n"):
            _count_block(block, lower, capital)
    return lower, capital


def _count_block(block: str, lower: Counter[str], capital: Counter[str]) -> None:
    previous = "."
    for word in block.split():
        core = word.strip("\"'()[],;:!?“”‘’")
        if _TOKEN.fullmatch(core):
            if core.islower():
                lower[core] += 1
            elif core[0].isupper() and core[1:].islower() and not previous.endswith((".", "?", "!", ":")):
                capital[core.lower()] += 1
        elif core.isalpha() and core.isupper() and len(core) > 1:
            capital[core] += 1  # initials (``GOP``, ``DOS``), kept apart under their own case
        previous = word


# A word general English writes in lower case this many times as often as capitalised (its counts hold the
# capitals of sentence starts, so the bar is twice the archive's mid-sentence 4x), and at least this
# often (natural log of its probability: ``plucky`` -15.7 is in, rarer forms and typos are not).
ENGLISH_RATIO = 8.0
ENGLISH_FLOOR = -17.0
# Fewer uses than this in the archive's prose, and the archive cannot judge a word: English does.
ARCHIVE_MIN = 3


def english_lower(probs: dict[str, float], lower: Counter[str], capital: Counter[str]) -> list[str]:
    """Words that general English (``probs``: log probability of each written form, case-sensitive) writes in
    lower case ``ENGLISH_RATIO`` times as often as capitalised, among those the archive seldom writes."""
    out = []
    for word, p in probs.items():
        if len(word) < 3 or not (word.isalpha() and word.islower()) or p < ENGLISH_FLOOR:
            continue
        if lower[word] >= ARCHIVE_MIN or capital[word] or capital[word.upper()]:
            continue  # the archive judges it: its own counts, or a capital on it at all (``Shell``, ``GOP``)
        if p - probs.get(word.capitalize(), -math.inf) >= math.log(ENGLISH_RATIO):
            out.append(word)
    return sorted(out)


def _english_probs() -> dict[str, float]:
    data = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with data.open("rb") as fh:
        return dict(json.loads(gzip.decompress(fh.read())))


def main(argv: list[str]) -> None:
    english = "--english" in argv
    argv = [a for a in argv if a != "--english"]
    lower, capital = count(Path(argv[0] if argv else "../shared/corpus"))
    if english:
        print("# words English writes in lower case 8x as often as capitalised, which the archive seldom writes")
        print("# (bench/lexicon.py --english; spacy-lookups-data 1.0.5, MIT, table en_lexeme_prob)")
        print("\n".join(english_lower(_english_probs(), lower, capital)))
        return
    print("# word, times written in lower case, times capitalised inside a sentence (bench/lexicon.py)")
    for word in sorted(lower):
        if lower[word] >= capital[word]:  # a word more often capitalised is a name's word, never ordinary
            print(f"{word}\t{lower[word]}\t{capital[word]}")


if __name__ == "__main__":
    main(sys.argv[1:])
