"""The last word on a person: a small learned judge of everything the cable says about one resolved entity.

The rules before this one each read one kind of evidence and act where it is clear.  What is left wrong after
them (measured cross-fitted on the tune split: 220 of 2,576 people) is mostly where no single piece of evidence
is clear but several lean the same way: a company or a newspaper (``Chevron``, ``Vedomosti``), a region
(``Mato Grosso``, ``Uruzgan``), a people (``Kosovars``).  Two kinds of evidence are weighed together here:

- **the name's own shape**: a character n-gram model of the names the annotators wrote down (tune split only),
  by type.  It knows that ``-ov``, ``-ski`` and ``Mohammed`` lean to people, ``-gas``, ``-stan``, ``Al-`` +
  a media word, ``Motors`` and ``Banco`` do not: mostly morphology, not a list (with every name it is asked
  about hidden from its training, it keeps about half of its gain; docs/entities.md, Quality);
- **what the cable does with it**, over all of its mentions: how many words and mentions, a title, an article or
  a locative before it, a possessive or a verb after it, its words ordinary elsewhere, a plural, brackets, a
  list.

A logistic regression per judged type (``bench/train_vetter.py``, ``data/vetter.json``: people since 2.10.0,
places since 2.11.0) weighs them; an entity it scores below its type's threshold (chosen there by F1 on the
cross-fitted tune split) is dropped.  Only entities the model read are judged: a name from the cable's structure
(TAGS, signer, ``Classified By``), a title or a country of the country table stays.  Pure: no
I/O beyond the weights, read once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property

from cablestream.extraction import reference, titles
from cablestream.extraction.names import fold, wordset
from cablestream.record import Entity, Mention

NGRAMS = (2, 5)
_SEEN_NAMES = 1 << 16
# Closed classes of English, not names: verbs of saying and being after a person, locatives and determiners
# before a place or a thing.
_VERBS = wordset(
    """said says told noted stated added asked explained claimed argued stressed believes believed thinks thought
    agreed replied responded suggested emphasized emphasised commented confirmed insisted warned urged acknowledged
    complained expressed indicated observed opined remarked underscored declared announced wants wanted was is has
    had will would did does met called"""
)
_LOCATIVES = wordset("in at near from to across throughout outside inside into within around towards toward via"
                     " through")
_DETERMINERS = wordset("the a an this that these those")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-.]*")


def name_grams(name: str) -> dict[str, float]:
    """Character n-grams of each word, padded with a space at both ends (``" al"``, ``"ov "``): counts, with
    the sublinear weight 1 + log(count)."""
    counts: dict[str, int] = {}
    for word in fold(name).split():
        padded = f" {word} "
        for n in range(NGRAMS[0], NGRAMS[1] + 1):
            for i in range(len(padded) - n + 1):
                gram = padded[i : i + n]
                counts[gram] = counts.get(gram, 0) + 1
    return {gram: 1.0 + math.log(c) for gram, c in counts.items()}


@dataclass(frozen=True)
class NameModel:
    """P(type | name) from the name's n-grams: tf-idf, L2-normalised, one linear score per type, softmax."""

    types: tuple[str, ...]
    idf: Mapping[str, float]
    weights: Mapping[str, tuple[float, ...]]
    bias: tuple[float, ...]
    # Names recur across the archive's cables (``Karzai``, ``Clinton``): each is scored once per process.
    _seen: dict[str, dict[str, float]] = field(default_factory=dict, compare=False, repr=False)

    def probabilities(self, name: str) -> dict[str, float]:
        found = self._seen.get(name)
        if found is None:
            if len(self._seen) >= _SEEN_NAMES:
                self._seen.clear()  # a bound on a long-running worker's memory, not an LRU: names recur soon
            found = self._seen[name] = self._scored(name)
        return found

    def _scored(self, name: str) -> dict[str, float]:
        idf, weights = self.idf, self.weights
        known = [(g, tf * idf[g]) for g, tf in name_grams(name).items() if g in idf]
        norm = math.sqrt(sum(v * v for _, v in known)) or 1.0
        scores = list(self.bias)
        for gram, value in known:
            for i, w in enumerate(weights[gram]):
                scores[i] += w * value / norm
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        return {t: e / sum(exp) for t, e in zip(self.types, exp, strict=True)}


def _logit(p: float) -> float:
    p = min(max(p, 1e-3), 1 - 1e-3)
    return math.log(p / (1 - p))


def _previous_word(body: str, start: int) -> str:
    words = _WORD.findall(body[max(0, start - 40) : start])
    return words[-1] if words else ""


def _next_word(body: str, end: int) -> str:
    m = _WORD.search(body[end : end + 40])
    return m.group(0) if m else ""


def _share(flags: Iterable[bool], n: int) -> float:
    return sum(flags) / n


@dataclass(frozen=True)
class Cable:
    """What the judge reads of the cable besides the entity: its body, whether it is all caps, the words it
    (or the archive) writes in lower case, and every entity resolved in it."""

    body: str
    upper: bool
    ordinary: frozenset[str]
    entities: list[Entity]

    @cached_property
    def full_name_words(self) -> dict[str, frozenset[str]]:
        """Per type, the words of its entities named in two words or more."""
        found: dict[str, set[str]] = {}
        for e in self.entities:
            words = fold(e.name).split()
            if len(words) > 1:
                found.setdefault(e.type, set()).update(words)
        return {kind: frozenset(words) for kind, words in found.items()}


def _is_title(word: str) -> bool:
    return titles.is_title(word.lower().strip("."))


def _context(mentions: list[Mention], body: str) -> dict[str, float]:
    """Where the cable puts the name, as shares of its mentions."""
    n = max(len(mentions), 1)
    before = [_previous_word(body, m.start) for m in mentions]
    after = [_next_word(body, m.end) for m in mentions]
    glued = [body[m.end : m.end + 2] for m in mentions]
    return {
        "after_locative": _share((w.lower() in _LOCATIVES for w in before), n),
        "after_determiner": _share((w.lower() in _DETERMINERS for w in before), n),
        "after_title": _share((_is_title(w) for w in before), n),
        "after_capital": _share((w[:1].isupper() and not _is_title(w) for w in before), n),
        "before_verb": _share((w.lower() in _VERBS for w in after), n),
        "before_possessive": _share((g[:2] in ("'s", "’s") for g in glued), n),
        "before_capital": _share((w[:1].isupper() for w in after), n),
        "before_lower": _share((w[:1].islower() and w.lower() not in _VERBS for w in after), n),
        "in_list": _share((body[m.end : m.end + 1] == "," or body[max(0, m.start - 2) : m.start].strip() == ","
                           for m in mentions), n),
        "bracketed": _share((body[m.end : m.end + 1] == ")" or body[m.start - 1 : m.start] == "("
                             for m in mentions), n),
        "line_start": _share((body[max(0, m.start - 1) : m.start] in ("\n", "") for m in mentions), n),
    }


def features(entity: Entity, cable: Cable, names: NameModel) -> dict[str, float]:
    """The evidence on one entity, as numbers (names as in ``data/vetter.json``)."""
    words = fold(entity.name).split() or [""]
    n = len(words)
    full = cable.full_name_words.get(entity.type, frozenset())
    common, english = reference.common_words(), reference.english_lower_words()
    found = {
        "one_word": float(n == 1),
        "two_words": float(n == 2),
        "three_words": float(n >= 3),
        "log_mentions": math.log1p(len(entity.mentions)),
        "all_caps_cable": float(cable.upper),
        "ordinary_in_cable": sum(w in cable.ordinary for w in words) / n,
        "ordinary_in_archive": sum(w in common for w in words) / n,
        "ordinary_in_english": sum(w in english for w in words) / n,
        "title_words": sum(titles.is_title(w) for w in words) / n,
        "plural": float(n == 1 and words[0].endswith("s")),
        "hyphen": float("-" in entity.name),
        "apostrophe": float("'" in entity.name or "’" in entity.name),
        "short": float(len(entity.name) <= 4),
        "part_of_longer": float(n == 1 and words[0] in full),
        "name_shape": _logit(names.probabilities(entity.name).get(entity.type, 0.5)),
    }
    return found | _context(entity.mentions, cable.body)


@dataclass(frozen=True)
class Judge:
    """One type's logistic regression over ``features`` and the score below which its entities go."""

    weights: Mapping[str, float]
    bias: float
    threshold: float

    def score(self, found: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in found.items())
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class Vetter:
    names: NameModel
    judges: Mapping[str, Judge]

    def keeps(self, entity: Entity, cable: Cable) -> bool:
        judge = self.judges.get(entity.type)
        if judge is None or entity.source == "rule" or not entity.mentions:
            return True
        return judge.score(features(entity, cable, self.names)) >= judge.threshold


def from_json(data: Mapping[str, object]) -> Vetter:
    names, judges = data.get("names"), data.get("judges")
    if not isinstance(names, dict) or not isinstance(judges, dict):
        # A typed error, not an assert (stripped under -O): a truncated weights file must fail loudly.
        raise ValueError("vetter weights need a 'names' and a 'judges' object (bench/train_vetter.py writes them)")
    grams = names["grams"]  # gram -> [idf, w_type0, w_type1, ...]
    model = NameModel(
        types=tuple(names["types"]),
        idf={g: float(v[0]) for g, v in grams.items()},
        weights={g: tuple(float(x) for x in v[1:]) for g, v in grams.items()},
        bias=tuple(float(b) for b in names["bias"]),
    )
    return Vetter(model, {t: Judge(dict(j["weights"]), float(j["bias"]), float(j["threshold"]))
                          for t, j in judges.items()})


@cache
def vetter() -> Vetter | None:
    """The shipped weights (``data/vetter.json``), or None where they are absent (no judging)."""
    path = reference.DATA / "vetter.json"
    if not path.is_file():
        return None
    return from_json(json.loads(path.read_text(encoding="utf-8")))


def vet(entities: list[Entity], body: str, upper: bool, ordinary: frozenset[str]) -> list[Entity]:
    """``entities`` without the ones the judge of their type scores below its threshold."""
    judge = vetter()
    if judge is None:
        return entities
    cable = Cable(body, upper, ordinary, entities)
    return [e for e in entities if judge.keeps(e, cable)]
