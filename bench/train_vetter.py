"""Train the learned judges of people and places (``cablestream.extraction.vetting``) on the tune split
(``make train-vetter``; ``--types`` chooses the types judged, ``JUDGED`` by default).

  python -m bench.train_vetter [--corpus DIR] [--fold-ner DIR0 DIR1] [--out shared/cablestream/data/vetter.json]

The judge must learn from the mistakes extraction makes on cables its NER never trained on, so it learns from the
tune split *cross-fitted*: each half (``half_of``) read by a NER fine-tuned on the other half only
(``bench.train_ner``'s recipe and data, the invented cables included, two seeds averaged; ``--fold-ner`` reuses
two such NERs, else they are trained here, ~25 minutes on two cores, and kept in ``.cache/vetter``). Fresh set 7
(``entityset.REHEARSED``), whose annotations no NER learns, is read by the NER of the other half like every cable
of its half. Rows: every entity the model read (the judge never sees a rule's), labelled right where it matches
an annotation of its type, a doubtful item's left out.

Two models, each cross-fitted again for the figures it prints:

- the **name model**: character n-grams of every annotated name and alias of the tune split -> its type
  (a multinomial logistic regression on tf-idf);
- per type judged, a **judge**: a logistic regression over ``vetting.features`` (the name model's score among
  them, taken from the name model of the *other* half, as it will be on unseen cables), and the threshold that
  maximises F1 on the cross-fitted scores (recall counted against the annotations).

It prints the cross-fitted figures per threshold, then fits both on all of the tune split and writes
``data/vetter.json``.  scikit-learn is a build-time tool (installed by ``make train-vetter``); extraction reads
the weights in pure Python.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from bench.entities_eval import DEFAULT_CORPUS, PREDICTED_AS, TYPES, _keys, cable_path, load_annotations, load_cable
from bench.entityset import half_of, split_of, tune_halves
from cablestream.extraction import cleantext, model, vetting
from cablestream.extraction.names import fold
from cablestream.extraction.pipeline import extract_many
from cablestream.extraction.resolve import ordinary_words
from cablestream.record import Entity

OUT = Path(__file__).resolve().parent.parent / "shared" / "cablestream" / "data" / "vetter.json"
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "vetter"
JUDGED = ("person", "place")
NAME_TYPES = ("person", "organization", "place")
_FIELD = {"person": "people", "organization": "organizations", "place": "places"}


@dataclass
class Row:
    half: int
    kind: str
    name: str
    golds: frozenset[str]  # the annotated items it matches (``rid:index``): right where any
    found: dict[str, float]
    judged: bool = True  # False: a rule's entity or a country, which the judge never sees (in the figures only)

    @property
    def right(self) -> bool:
        return bool(self.golds)


def fold_ner(half: int, corpus: Path, given: list[Path] | None) -> Path:
    """A NER fine-tuned on the tune split's other half (given, cached, or trained now)."""
    if given:
        return given[half]
    out = CACHE / f"half{half}"
    if not (out / "meta.json").is_file():
        from bench.train_ner import fine_tune, learned_annotations, soup  # spaCy training, when no NER is given

        others = [a for a in learned_annotations() if half_of(str(a["reference_id"])) != half]
        nlp = soup([fine_tune(others, corpus, 10, seed) for seed in (0, 1)])
        out.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no .cache yet
        nlp.to_disk(out)  # the whole (NER-only) pipeline: ``model.recognizer(path)`` loads a model directory
    return out


def _matches(entity: Entity, annotation: dict[str, Any], kind: str) -> frozenset[str] | None:
    """The annotated items of ``kind`` the entity matches (the evaluation's rule: any folded form in common),
    or None where only a doubtful item does (left out, as the evaluation does)."""
    keys = {fold(entity.name)} | {fold(m.text) for m in entity.mentions}
    rid = annotation["reference_id"]
    golds = frozenset(f"{rid}:{i}" for i, g in enumerate(annotation.get(TYPES[kind]) or []) if keys & _keys(g))
    doubtful = {fold(str(d["name"])) for d in annotation.get("doubtful") or []}
    return None if not golds and keys & doubtful else golds


@dataclass
class Half:
    rows: list[Row]
    golds: dict[str, int]  # annotated items per type


def rows_of(half: int, annotations: list[dict[str, Any]], corpus: Path, ner: Path,
            names: vetting.NameModel) -> Half:
    """Every entity of a type the judges may read, extracted unjudged by ``ner``, with its evidence."""
    nlp = model.recognizer(ner, False)  # this half's NER
    found = [(a, p) for a in annotations if (p := cable_path(a, corpus))]
    cables = [load_cable(p) for _, p in found]
    out: list[Row] = []
    read = extract_many(cables, judged=False, recognizer=nlp)
    for (annotation, _), cable, entities in zip(found, cables, read, strict=True):
        clean = cleantext.build(cable.body)
        context = vetting.Cable(cable.body, clean.upper, ordinary_words(clean, cable.body), entities)
        for e in entities:
            kind = next((k for k, types in PREDICTED_AS.items() if e.type in types), None)
            if kind is None or not e.mentions:
                continue
            golds = _matches(e, annotation, kind)
            if golds is not None:
                # Judged by its own type: a country (from the country table) never is, nor a rule's entity.
                judged = e.source != "rule" and e.type == kind
                evidence = vetting.features(e, context, names) if judged else {}
                out.append(Row(half, kind, e.name, golds, evidence, judged))
    counts = {kind: sum(len(a.get(field) or []) for a, _ in found) for kind, field in TYPES.items()}
    return Half(out, counts)


def annotated_names(annotations: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(form, kind) for a in annotations for kind in NAME_TYPES for item in a.get(_FIELD[kind]) or []
            for form in (item["name"], *item.get("aliases", [])) if fold(form)]


def fit_names(pairs: list[tuple[str, str]]) -> vetting.NameModel:
    grams = [vetting.name_grams(n) for n, _ in pairs]
    df: dict[str, int] = {}
    for g in grams:
        for k in g:
            df[k] = df.get(k, 0) + 1
    idf = {k: math.log((1 + len(grams)) / (1 + d)) + 1 for k, d in df.items() if d >= 2}

    def vector(g: dict[str, float]) -> dict[str, float]:
        known = {k: v * idf[k] for k, v in g.items() if k in idf}
        norm = math.sqrt(sum(v * v for v in known.values())) or 1.0
        return {k: v / norm for k, v in known.items()}

    vec = DictVectorizer()
    x = vec.fit_transform([vector(g) for g in grams])
    lr = LogisticRegression(C=4.0, max_iter=3000).fit(x, [k for _, k in pairs])
    order = [list(lr.classes_).index(t) for t in NAME_TYPES]
    weights = {name: tuple(float(lr.coef_[i][j]) for i in order) for name, j in vec.vocabulary_.items()}
    return vetting.NameModel(NAME_TYPES, idf, weights, tuple(float(lr.intercept_[i]) for i in order))


def fit_judge(rows: list[Row]) -> tuple[list[str], LogisticRegression]:
    keys = sorted(rows[0].found)
    x = np.array([[r.found[k] for k in keys] for r in rows])
    return keys, LogisticRegression(C=1.0, max_iter=5000).fit(x, [r.right for r in rows])


def choose_threshold(rows: list[Row], scores: np.ndarray, golds: int) -> float:
    """The threshold of best F1 on cross-fitted scores, precision and recall counted as the evaluation counts
    them (recall: annotated items matched by a kept entity, of ``golds``); unjudged entities always kept."""
    right = np.array([r.right for r in rows])
    best, best_f = 0.0, -1.0
    print("  threshold  dropped (wrong / right)  precision  recall")
    for t in np.round(np.arange(0.0, 0.81, 0.05), 2):
        keep = scores >= t
        p = right[keep].sum() / max(keep.sum(), 1)
        r = len(set().union(*(row.golds for row, k in zip(rows, keep, strict=True) if k))) / golds
        f = 2 * p * r / (p + r)
        print(f"  {t:9.2f}  {(~keep).sum():5d} ({(~keep & ~right).sum():4d} / {(~keep & right).sum():4d})"
              f"  {p:9.3f}  {r:6.3f}")
        if f > best_f + 1e-9:
            best, best_f = float(t), f
    return best


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.train_vetter", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--fold-ner", type=Path, nargs=2, default=None)
    parser.add_argument("--types", nargs="+", default=list(JUDGED), choices=NAME_TYPES, help="the types judged")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    tune = [a for a in load_annotations() if split_of(str(a["reference_id"])) == "tune"]
    halves = tune_halves(tune)
    read: list[Half] = []
    for h in (0, 1):
        names = fit_names(annotated_names(halves[1 - h]))  # as on unseen cables: their names never trained on
        read.append(rows_of(h, halves[h], args.corpus, fold_ner(h, args.corpus, args.fold_ner), names))
    rows = [r for half in read for r in half.rows]
    judges: dict[str, Any] = {}
    for kind in args.types:
        mine = [r for r in rows if r.kind == kind]
        scores = np.full(len(mine), np.inf)
        for h in (0, 1):
            keys, lr = fit_judge([r for r in mine if r.half != h and r.judged])
            held = [i for i, r in enumerate(mine) if r.half == h and r.judged]
            scores[held] = lr.predict_proba(np.array([[mine[i].found[k] for k in keys] for i in held]))[:, 1]
        judged = [r for r in mine if r.judged]
        print(f"{kind}: {len(mine)} predicted, {sum(not r.right for r in mine)} wrong; {len(judged)} judged (read by"
              f" the model alone), {sum(not r.right for r in judged)} wrong; cross-fitted, all {kind} entities:")
        threshold = choose_threshold(mine, scores, sum(half.golds[kind] for half in read))
        keys, lr = fit_judge(judged)
        judges[kind] = {"weights": {k: round(float(w), 5) for k, w in zip(keys, lr.coef_[0], strict=True)},
                        "bias": round(float(lr.intercept_[0]), 5), "threshold": round(threshold, 2)}
        print(f"  -> threshold {threshold:.2f}; weights: " + ", ".join(
            f"{k} {w:+.2f}" for k, w in sorted(judges[kind]["weights"].items(), key=lambda kv: kv[1])))
    names = fit_names(annotated_names(tune))
    grams = {g: [round(names.idf[g], 4), *(round(w, 4) for w in names.weights[g])] for g in sorted(names.idf)}
    data = {"comment": "bench/train_vetter.py: the name model and the judges of cablestream.extraction.vetting",
            "names": {"types": list(NAME_TYPES), "bias": [round(b, 5) for b in names.bias], "grams": grams},
            "judges": judges}
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"-> {args.out} ({args.out.stat().st_size // 1024} KB, {len(grams)} n-grams)")


if __name__ == "__main__":
    main(sys.argv[1:])
