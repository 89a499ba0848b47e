"""Precision and recall of extracted people, organisations and places against hand annotations.

Run: ``python -m bench.entities_eval``.  Annotations live in ``tests/data/annotations/*.json``; each names its
cable file under ``tests/data/cables/``.  Scoring is per cable and per entity (not per mention): a predicted
entity is right when its name or any annotated alias of a gold entity of the same type folds to the same key.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cablestream.extraction import extract_many
from cablestream.extraction.names import fold
from cablestream.parsing import parse_bytes
from cablestream.record import Cable, Entity, Source

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
TYPES = {"person": "people", "organization": "organizations", "place": "places"}
PREDICTED_AS = {"person": {"person"}, "organization": {"organization"}, "place": {"place", "country"}}


def load_cable(path: Path) -> Cable:
    """The parsed cable; until the text parser handles a file, a minimal stand-in reader keeps the eval running."""
    for outcome in parse_bytes(path.read_bytes(), path.name):
        if isinstance(outcome, Cable):
            return outcome
    return _fallback(path.read_text(encoding="utf-8"), path.name)


def _fallback(text: str, name: str) -> Cable:
    lines = text.splitlines()
    head, _, rest = text.partition("\nSUBJECT:")
    after = re.split(r"\n\s*\n", rest, maxsplit=1)[-1]
    if re.match(r"\s*REF", after):
        after = re.split(r"\n\s*\n", after, maxsplit=1)[-1]
    tags = re.search(r"^TA[GS]+[:\s]+(.*)$", head, re.MULTILINE)
    body = after.rstrip()
    last = body.splitlines()[-1].strip() if body else ""
    return Cable(
        reference_id=lines[0].strip(),
        origin=lines[4].strip(),
        header=head,
        tags=[t for t in re.split(r"[,\s]+", tags.group(1)) if t] if tags else [],
        body=body,
        signers=[last] if re.fullmatch(r"[A-Z][A-Z'-]+", last) else [],
        source=Source(format="text", name=name),
        parser_version="bench-fallback",
    )


@dataclass(slots=True)
class Score:
    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp_pred / self.n_pred if self.n_pred else 1.0
        r = self.tp_gold / self.n_gold if self.n_gold else 1.0
        return {"precision": round(p, 3), "recall": round(r, 3), "predicted": self.n_pred, "gold": self.n_gold}


def _keys(item: dict[str, object]) -> set[str]:
    aliases = item.get("aliases", [])
    extra = aliases if isinstance(aliases, list) else []
    return {fold(str(item["name"]))} | {fold(str(a)) for a in extra}


def score_cable(gold: dict[str, list[dict[str, object]]], entities: list[Entity], scores: dict[str, Score]) -> None:
    for kind, field_name in TYPES.items():
        golds = [_keys(g) for g in gold.get(field_name, [])]
        preds = [e for e in entities if e.type in PREDICTED_AS[kind] and e.mentions]
        s = scores[kind]
        s.n_gold += len(golds)
        s.n_pred += len(preds)
        pred_keys = [{fold(e.name)} | {fold(m.text) for m in e.mentions} for e in preds]
        s.tp_gold += sum(any(g & p for p in pred_keys) for g in golds)
        hits = [any(g & p for g in golds) for p in pred_keys]
        s.tp_pred += sum(hits)
        s.extras += [e.name for e, hit in zip(preds, hits, strict=True) if not hit]
        s.misses += [sorted(g)[0] for g in golds if not any(g & p for p in pred_keys)]


def load_annotations() -> list[dict[str, object]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / "annotations").glob("*.json"))]


def evaluate(items: Iterable[dict[str, object]] | None = None) -> dict[str, Score]:
    items = list(items if items is not None else load_annotations())
    cables = [load_cable(DATA / "cables" / str(a["file"])) for a in items]
    scores = {kind: Score() for kind in TYPES}
    for ann, entities in zip(items, extract_many(cables), strict=True):
        score_cable(ann, entities, scores)  # type: ignore[arg-type]
    return scores


def main(argv: list[str]) -> None:
    scores = evaluate()
    print(json.dumps({k: s.as_dict() for k, s in scores.items()}, indent=2))
    if "-v" in argv:
        for kind, s in scores.items():
            print(f"\n{kind} missed: {s.misses}\n{kind} extra: {s.extras}")


if __name__ == "__main__":
    main(sys.argv[1:])
