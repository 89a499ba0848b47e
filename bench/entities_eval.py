"""Precision and recall of extracted people, organisations and places against hand annotations.

  python -m bench.entities_eval [--corpus DIR] [--split test|tune|all] [--misses] [--baseline] [--reach N]

Annotations live in ``tests/data/annotations/*.json`` (the guide is in ``docs/entities.md``).  Each names its
cable: under ``tests/data/cables/`` for the 15 annotated before the split, else a path under the corpus.
The tune/test split is ``bench.entityset.split_of`` (a hash of the id, fixed before tuning); figures are
printed per split, never pooled.  Scoring is per cable and per entity (not per mention): a predicted entity
is right when its name or any of its mention texts folds to the name or an alias of a gold entity of the same
type.  ``--baseline`` scores bare spaCy on the same bodies (PERSON, ORG, GPE/LOC by the model alone).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.entityset import split_of
from cablestream.extraction import extract_many, model
from cablestream.extraction.names import fold
from cablestream.parsing import parse_bytes
from cablestream.record import Cable, Entity, Mention, Source

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TYPES = {"person": "people", "organization": "organizations", "place": "places"}
PREDICTED_AS = {"person": {"person"}, "organization": {"organization"}, "place": {"place", "country"}}
BASELINE_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place"}


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


def score_cable(gold: dict[str, object], entities: list[Entity], scores: dict[str, Score]) -> None:
    rid = str(gold["reference_id"])
    doubtful = {fold(str(d["name"])) for d in gold.get("doubtful", []) or []}  # type: ignore[attr-defined]
    for kind, field_name in TYPES.items():
        golds = [_keys(g) for g in gold.get(field_name, []) or []]  # type: ignore[attr-defined]
        preds = [e for e in entities if e.type in PREDICTED_AS[kind] and e.mentions]
        pred_keys = [{fold(e.name)} | {fold(m.text) for m in e.mentions} for e in preds]
        # A doubtful item (see the annotation guide) is neither a miss nor an extra.
        pairs = zip(preds, pred_keys, strict=True)
        kept = [(e, k) for e, k in pairs if not (k & doubtful) or any(k & g for g in golds)]
        s = scores[kind]
        s.n_gold += len(golds)
        s.n_pred += len(kept)
        s.tp_gold += sum(any(g & k for _, k in kept) for g in golds)
        hits = [any(g & k for g in golds) for _, k in kept]
        s.tp_pred += sum(hits)
        s.extras += [f"{rid}: {e.name}" for (e, _), hit in zip(kept, hits, strict=True) if not hit]
        s.misses += [f"{rid}: {sorted(g)[0]}" for g in golds if not any(g & k for _, k in kept)]


def load_annotations() -> list[dict[str, object]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / "annotations").glob("*.json"))]


def cable_path(annotation: dict[str, object], corpus: Path | None) -> Path | None:
    """Where the annotated cable is: a repo fixture, or a file of the corpus (None when that is absent)."""
    local = DATA / "cables" / str(annotation["file"])
    if local.is_file():
        return local
    if corpus is not None and (corpus / str(annotation["file"])).is_file():
        return corpus / str(annotation["file"])
    return None


def baseline_entities(cables: list[Cable]) -> Iterator[list[Entity]]:
    """Bare spaCy on the whole body: one entity per (type, folded text), no rules."""
    for doc in model.ner().pipe(c.body for c in cables):
        found: dict[tuple[str, str], Entity] = {}
        for ent in doc.ents:
            kind = BASELINE_LABELS.get(ent.label_)
            if kind and fold(ent.text):
                e = found.setdefault((kind, fold(ent.text)), Entity(
                    id=f"{kind}:{fold(ent.text)}", type=kind, name=ent.text, count=0, source="model", confidence=0.5))
                e.mentions.append(Mention(start=ent.start_char, end=ent.end_char, text=ent.text))
        yield list(found.values())


def evaluate(
    items: Iterable[dict[str, object]] | None = None, corpus: Path | None = None, baseline: bool = False,
    reach: int | None = None,
) -> dict[str, Score]:
    """Scores over the annotations whose cable can be found (the fixtures always; corpus ones given ``corpus``)."""
    items = list(items if items is not None else load_annotations())
    found = [(a, p) for a in items if (p := cable_path(a, corpus)) is not None]
    cables = [load_cable(p) for _, p in found]
    scores = {kind: Score() for kind in TYPES}
    if baseline:
        predicted = baseline_entities(cables)
    else:
        predicted = extract_many(cables) if reach is None else extract_many(cables, reach=reach)
    for (ann, _), entities in zip(found, predicted, strict=True):
        score_cable(ann, entities, scores)
    return scores


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.entities_eval", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else None)
    parser.add_argument("--split", choices=("test", "tune", "all"), default="all")
    parser.add_argument("--misses", action="store_true", help="list misses and extras of each split printed")
    parser.add_argument("--baseline", action="store_true", help="also score bare spaCy on the same cables")
    parser.add_argument("--reach", type=int, default=None, help="words read around capitals (0: every word)")
    args = parser.parse_args(argv)
    items = load_annotations()
    splits = ("tune", "test") if args.split == "all" else (args.split,)
    for split in splits:
        chosen = [a for a in items if split_of(str(a["reference_id"])) == split]
        n = sum(cable_path(a, args.corpus) is not None for a in chosen)
        scores = evaluate(chosen, args.corpus, reach=args.reach)
        print(f"== {split} split: {n} cables ==")
        print(json.dumps({k: s.as_dict() for k, s in scores.items()}))
        if args.baseline:
            bare = evaluate(chosen, args.corpus, baseline=True)
            print("   bare spaCy:", json.dumps({k: s.as_dict() for k, s in bare.items()}))
        if args.misses:
            for kind, s in scores.items():
                print(f"\n-- {kind}: {len(s.misses)} missed --\n" + "\n".join(s.misses))
                print(f"-- {kind}: {len(s.extras)} extra --\n" + "\n".join(s.extras))


if __name__ == "__main__":
    main(sys.argv[1:])
