"""The precision/recall trade the NER offers on one label, cross-fitted on the tune split (``make frontier``).

  python -m bench.frontier [--corpus DIR] [--label ORG] [--shifts 1 0.5 0 -0.5 -1] [--ner DIR0 DIR1]

A change to the NER's recipe (more data, another base model, a filter after it) is usually judged by one point:
the precision and recall it lands on.  But any point can be bought from another along the model's own trade:
lower the score of the label's Begin and Unit actions (``restricted.leaning``) and its marginal spans go, so
precision rises and recall falls.  Organisations showed it (docs/entities.md, *2.12.0: the trade, measured*):
every filter tried landed on the same trade as that dial.  So this prints the trade itself, a row per shift,
each half of the tune split read by a NER fine-tuned on the other half (``bench.train_vetter``'s halves, cached
in ``.cache/vetter``, or the two given with ``--ner``), before any judge, with extraction's own lean
(``model.LEAN``) as shift 0.  A change worth keeping moves the whole curve; ``P+R`` at comparable recall says
by how much.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bench.entities_eval import DEFAULT_CORPUS, TYPES, Score, cable_path, load_annotations, load_cable, score_cable
from bench.entityset import tune_halves
from bench.train_vetter import fold_ner
from cablestream.extraction import model
from cablestream.extraction.pipeline import extract_many
from cablestream.extraction.restricted import leaning
from cablestream.record import Cable

# The label's entities as the evaluation types them.
TYPE_OF = {"ORG": "organization", "PERSON": "person", "GPE": "place", "LOC": "place"}
DEFAULT_SHIFTS = (1.0, 0.5, 0.0, -0.5, -1.0, -2.0)


def halves(corpus: Path) -> list[list[tuple[dict[str, Any], Cable]]]:
    """The tune split's annotated cables that the corpus holds, by half."""
    return [[(a, load_cable(path)) for a in half if (path := cable_path(a, corpus)) is not None]
            for half in tune_halves(load_annotations())]


def trade(corpus: Path, label: str, shifts: list[float], ners: list[Path] | None = None) -> list[dict[str, Score]]:
    """Scores per type for each shift of ``label``'s output bias, both halves read cross-fitted."""
    read = halves(corpus)
    recognizers = [model.recognizer(fold_ner(h, corpus, ners), False) for h in (0, 1)]
    rows = []
    for shift in shifts:
        scores = {kind: Score() for kind in TYPES}
        for recognizer, half in zip(recognizers, read, strict=True):
            with leaning(recognizer, {label: shift}):
                found = extract_many([cable for _, cable in half], recognizer=recognizer, judged=False)
                for (annotation, _), entities in zip(half, found, strict=True):
                    score_cable(annotation, entities, scores)
        rows.append(scores)
    return rows


def table(label: str, shifts: list[float], rows: list[dict[str, Score]]) -> str:
    kind = TYPE_OF.get(label, "organization")
    head = f"{label} shift | " + " | ".join(f"{k} P / R" for k in TYPES) + f" | {kind} P+R"
    lines = [head, "---|" * (len(TYPES) + 2)]
    for shift, scores in zip(shifts, rows, strict=True):
        figures = {k: s.as_dict() for k, s in scores.items()}
        cells = [f"{f['precision']:.3f} / {f['recall']:.3f}" for f in figures.values()]
        total = figures[kind]["precision"] + figures[kind]["recall"]
        lines.append(f"{shift:+.2f} | " + " | ".join(cells) + f" | {total:.3f}")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.frontier", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--label", default="ORG", choices=sorted(TYPE_OF))
    parser.add_argument("--shifts", type=float, nargs="+", default=list(DEFAULT_SHIFTS))
    parser.add_argument("--ner", type=Path, nargs=2, metavar=("DIR0", "DIR1"),
                        help="NERs that never learned half 0 (resp. 1) of the tune split; default: train_vetter's")
    args = parser.parse_args(argv)
    shifts = sorted(args.shifts, reverse=True)
    print(table(args.label, shifts, trade(args.corpus, args.label, shifts, args.ner)))


if __name__ == "__main__":
    main(sys.argv[1:])
