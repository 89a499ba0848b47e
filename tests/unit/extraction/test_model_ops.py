"""The model on numpy's BLAS (``model.BlasOps``) finds exactly what the stock model finds: the ops change
where the matrix products run, never the entities."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import spacy
from spacy.language import Language
from thinc.api import NumpyOps

from cablestream.extraction import cleantext, model, restricted
from cablestream.extraction.candidates import LABELS
from cablestream.record import Cable

FIXTURES = ("09ASTANA497.txt", "04MADRID4374.txt", "79TEHRAN8980.txt", "66BUENOSAIRES2481.txt")


def _ents(nlp: Language, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]


def test_every_layer_of_the_loaded_model_runs_on_blas_ops(nlp_loaded: None) -> None:
    ner = model.ner().get_pipe("ner")
    assert {type(node.ops) for node in ner.model.walk()} == {model.BlasOps}  # type: ignore[attr-defined]


def test_blas_ops_find_the_same_entities_as_the_stock_model(cable: Callable[[str], Cable]) -> None:
    texts = [cleantext.build(cable(name).body).text for name in FIXTURES]
    ours = _ents(model.ner(), texts)
    assert sum(map(len, ours)) > 50  # the texts hold names: the comparison means something
    assert ours == _ents(model.stock(), texts)


def test_blas_ops_products_match_numpy_with_and_without_transposes() -> None:
    ops = model.BlasOps()
    rng = np.random.default_rng(7)
    a, b = rng.random((5, 3), dtype=np.float32), rng.random((4, 3), dtype=np.float32)
    x, y = ops.asarray2f(a), ops.asarray2f(b)
    assert np.allclose(np.asarray(ops.gemm(x, y, trans2=True)), a @ b.T)
    out = ops.alloc2f(3, 3)
    assert ops.gemm(x, x, out=out, trans1=True) is out
    assert np.allclose(np.asarray(out), a.T @ a)


def test_the_recognizer_decides_among_the_labels_the_rules_read_only(nlp_loaded: None) -> None:
    rec = model.recognizer()
    assert set(rec.labels) == set(LABELS)
    assert rec.ner.moves.n_moves == 4 * len(LABELS) + 2  # B, I, L, U of each, Out, and the empty Unit
    assert len(model.ner().get_pipe("ner").labels) == 18  # type: ignore[attr-defined]  # whole, for baselines


def test_the_recognizer_finds_what_the_whole_model_finds(cable: Callable[[str], Cable]) -> None:
    """The restriction to fewer labels, on the same weights (the package's, as ``ner()`` has them)."""
    texts = [cleantext.build(cable(name).body).text for name in FIXTURES]
    whole = {(i, *e) for i, ents in enumerate(_ents(model.ner(), texts)) for e in ents if e[2] in LABELS}
    ours = {(i, e.start_char, e.end_char, e.label_)
            for i, doc in enumerate(model.recognizer(tuned=False).pipe(texts)) for e in doc.ents}
    assert len(whole) > 50
    assert len(whole & ours) / len(whole) >= 0.99  # measured 0.9999 on 210 cables
    assert len(whole & ours) / len(ours) >= 0.95  # 0.982: spans the whole model gave a label no rule reads


def test_extraction_reads_with_the_fine_tuned_weights(cable: Callable[[str], Cable]) -> None:
    """``TUNED_NER`` is loaded over the package's NER: the same labels, other readings of some spans."""
    texts = [cleantext.build(cable(name).body).text for name in FIXTURES]
    tuned, stock = model.recognizer(), model.recognizer(tuned=False)
    assert tuned.labels == stock.labels
    read = [{(e.start_char, e.end_char, e.label_) for e in doc.ents} for doc in tuned.pipe(texts)]
    stock_read = [{(e.start_char, e.end_char, e.label_) for e in doc.ents} for doc in stock.pipe(texts)]
    same = sum(len(a & b) for a, b in zip(read, stock_read, strict=True))
    assert 0.5 < same / sum(map(len, stock_read)) < 0.98  # a fine-tune, not another model nor the same one


def test_a_warmed_tokenizer_splits_text_in_a_memory_zone_as_a_cold_one_does(cable: Callable[[str], Cable]) -> None:
    texts = [cleantext.build(cable(name).body).text for name in FIXTURES]
    warmed = model.recognizer().nlp
    cold = model.stock()  # never warmed, and unzoned
    with warmed.memory_zone():
        ours = [[(t.idx, t.text) for t in warmed.tokenizer(text)] for text in texts]
    assert ours == [[(t.idx, t.text) for t in cold.tokenizer(text)] for text in texts]


def test_warming_splits_each_lexicon_word_as_written_capitalised_and_before_punctuation() -> None:
    nlp = spacy.blank("en")  # the same tokenizer rules, and no shared model to change
    before = len(nlp.vocab)
    assert model.warm_tokenizer(nlp, ["embassy", "minister"]) == 12
    assert len(nlp.vocab) > before  # the forms are in the vocabulary for good (outside any zone)
    assert [t.text for t in nlp.tokenizer("Minister, embassy.")] == ["Minister", ",", "embassy", "."]


def test_blas_ops_maxout_gives_thinc_maxima_and_refuses_to_train() -> None:
    ops, stock = model.BlasOps(), NumpyOps()
    rng = np.random.default_rng(11)
    for pieces in (2, 3, 4):
        x = ops.asarray3f(rng.standard_normal((50, 8, pieces)).astype(np.float32))
        best, _ = ops.maxout(x)
        assert np.array_equal(np.asarray(best), np.asarray(stock.maxout(x)[0]))
    with pytest.raises(NotImplementedError):
        ops.backprop_maxout(best, ops.asarray2i(np.zeros((50, 8), dtype=np.int32)), 4)


def _labelled(rec: restricted.Recognizer, texts: list[str], label: str) -> set[tuple[int, int, int]]:
    return {(i, e.start_char, e.end_char) for i, doc in enumerate(rec.pipe(texts)) for e in doc.ents
            if e.label_ == label}


def test_leaning_on_a_label_trades_its_spans_and_restores_the_model(cable: Callable[[str], Cable]) -> None:
    """``restricted.leaning``, the dial ``bench.frontier`` turns: a lower ORG bias reads fewer organisations (the
    marginal ones, a subset of what it read before), a higher one more, other labels barely move, and on exit the
    model reads exactly as before."""
    texts = [cleantext.build(cable(name).body).text for name in FIXTURES]
    rec = model.recognizer()
    before, people = _labelled(rec, texts, "ORG"), _labelled(rec, texts, "PERSON")
    assert len(before) > 20
    with restricted.leaning(rec, {"ORG": -2.0}) as leant:
        fewer = _labelled(leant, texts, "ORG")
        assert len(fewer) < len(before)
        assert len(fewer - before) <= len(fewer) // 20  # the same spans, less of them
        assert len(_labelled(leant, texts, "PERSON") ^ people) <= len(people) // 10
    with restricted.leaning(rec, {"ORG": 2.0}) as leant:
        assert len(_labelled(leant, texts, "ORG")) > len(before)
    assert _labelled(rec, texts, "ORG") == before


def test_extraction_leans_away_from_organisations_as_model_lean_says(cable: Callable[[str], Cable]) -> None:
    """``model.LEAN`` is applied to the fine-tuned NER: undoing it reads more organisations, the same ones and
    more (a greedy reader may set a span's bounds otherwise once an earlier span changed: a few)."""
    assert model.LEAN["ORG"] < 0
    texts = [cleantext.build(cable(name).body).text for name in FIXTURES]
    rec = model.recognizer()
    leant = _labelled(rec, texts, "ORG")
    with restricted.leaning(rec, {label: -shift for label, shift in model.LEAN.items()}) as unleant:
        more = _labelled(unleant, texts, "ORG")
    assert len(more) > len(leant)
    assert len(leant - more) <= len(leant) // 20
