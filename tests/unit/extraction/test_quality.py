"""The hand-annotated cables: PERSON precision and recall stay at or above 0.85 (bench.entities_eval)."""

from __future__ import annotations

from bench.entities_eval import evaluate, load_annotations


def test_enough_annotated_cables() -> None:
    items = load_annotations()
    assert len(items) >= 15
    assert len({str(a["reference_id"])[:2] for a in items}) >= 6  # several decades and years


def test_person_precision_and_recall(nlp_loaded: None) -> None:
    person = evaluate()["person"].as_dict()
    assert person["precision"] >= 0.85, person
    assert person["recall"] >= 0.85, person
