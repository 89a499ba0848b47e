"""The NER model restricted to the labels the rules read.

spaCy's NER is a transition system: at every token it scores all its actions (Begin, In, Last, Unit of each
of 18 labels, and Out) and checks which of them are valid in the current state.  Profiled on the corpus (py-spy
native frames), that validity check alone is ~40% of the model's time, and it grows with the number of actions.
The rules read five labels (``candidates.LABELS``: PERSON, ORG, GPE, LOC, NORP), so the recognizer here is the
same model with the output rows of the other labels' actions removed (74 actions -> 22): it ranks the
remaining actions exactly as the full model does, and where the full model's best action was a removed one
(a DATE, a LAW) it takes the best remaining one, mostly Out.

Measured on 210 cables of the corpus (focused text, PERSON/ORG/GPE/LOC/NORP spans against the full model's):
the model reads 1.65x the words per CPU second, finds 99.99% of the full model's spans, and 1.8% more (where
the full model said LAW, EVENT, FAC or PRODUCT: the rules drop most of them, as events and documents by their
head noun).  On the tune split: person P/R 0.952/0.941 -> 0.952/0.943, organisation 0.746/0.798 ->
0.740/0.802, place 0.922/0.903 -> 0.917/0.912.  Dropping only the numeric labels was 1.26x for 0.002 of
organisation precision; the speed is what the archive needs (docs/entities.md, Speed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from thinc.api import Linear, Model
from thinc.types import Floats1d

from cablestream.extraction.candidates import LABELS


@dataclass(frozen=True)
class Recognizer:
    """The tokenizer of a loaded pipeline and its NER restricted to fewer labels."""

    nlp: Language
    ner: EntityRecognizer

    def pipe(self, texts: list[str]) -> Iterator[Doc]:
        """Docs with entities, the texts read as one batch (the model steps through a batch together)."""
        docs: Iterator[Doc] = self.ner.pipe((self.nlp.make_doc(t) for t in texts), batch_size=max(len(texts), 1))
        return docs

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.ner.labels)


def restrict(nlp: Language, kept: frozenset[str] = frozenset(LABELS)) -> Recognizer:
    """``nlp``'s NER deciding among the actions of ``kept`` labels only.  The NER moves out of ``nlp`` (which
    keeps its tokenizer and vocabulary), so no pipeline is left with a model that no longer fits its actions."""
    full = cast(EntityRecognizer, nlp.remove_pipe("ner")[1])
    actions = {action: Counter({label: n for label, n in counts.items() if label in kept or not label})
               for action, counts in full.moves.labels.items()}
    moves = type(full.moves)(nlp.vocab.strings, actions)  # BILUO, as the full model's
    names = [full.moves.get_class_name(i) for i in range(full.moves.n_moves)]
    _keep_output_rows(full.model, [names.index(moves.get_class_name(i)) for i in range(moves.n_moves)])
    return Recognizer(nlp, EntityRecognizer(nlp.vocab, full.model, name="ner", moves=moves))


def _keep_output_rows(model: Model, rows: list[int]) -> None:  # type: ignore[type-arg]
    """The parser model's output layer (``upper``) with only ``rows``, in that order (as spaCy's own
    ``resize_output`` replaces it, in the other direction)."""
    upper = model.get_ref("upper")
    weights, bias = upper.get_param("W"), upper.get_param("b")
    smaller = Linear(len(rows), upper.get_dim("nI"))
    smaller.ops = upper.ops
    smaller.initialize()
    smaller.set_param("W", weights[rows].copy())
    smaller.set_param("b", bias[rows].copy())
    model.layers[model.layers.index(upper)] = smaller
    model.set_ref("upper", smaller)


def _leant(recognizer: Recognizer, shifts: Mapping[str, float], bias: Floats1d) -> Floats1d:
    """``bias`` with each label's Begin and Unit actions raised by its shift (lowered where negative)."""
    leant = bias.copy()
    moves = recognizer.ner.moves
    for i in range(moves.n_moves):
        action, _, label = moves.get_class_name(i).partition("-")
        if action in ("B", "U") and label in shifts:
            leant[i] += shifts[label]
    return leant


def lean(recognizer: Recognizer, shifts: Mapping[str, float]) -> Recognizer:
    """The recognizer with its prior on some labels shifted for good (``model.LEAN``, extraction's)."""
    upper = recognizer.ner.model.get_ref("upper")
    upper.set_param("b", _leant(recognizer, shifts, upper.get_param("b")))
    return recognizer


@contextmanager
def leaning(recognizer: Recognizer, shifts: Mapping[str, float]) -> Iterator[Recognizer]:
    """The recognizer with the score of each label's Begin and Unit actions raised by its shift (lowered where
    negative), as it was again on exit.

    A greedy transition model has no threshold, but its output bias is one: lowered on ORG, a span the model
    only just read as an organisation begins as nothing instead.  ``bench.frontier`` turns this dial to measure
    the whole precision/recall trade a model offers (its frontier), so a change is judged by whether it moves
    the trade rather than by one point on it; shifts add to extraction's own (``model.LEAN``)."""
    upper = recognizer.ner.model.get_ref("upper")
    saved = upper.get_param("b")
    upper.set_param("b", _leant(recognizer, shifts, saved))
    try:
        yield recognizer
    finally:
        upper.set_param("b", saved)
