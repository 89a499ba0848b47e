"""``bench.frontier`` prints the trade a NER offers: one row per shift of a label's bias, its type's P+R last."""

from __future__ import annotations

from bench.entities_eval import TYPES, Score
from bench.frontier import TYPE_OF, table


def _scores(org: tuple[int, int, int, int]) -> dict[str, Score]:
    scores = {kind: Score(tp_pred=9, n_pred=10, tp_gold=9, n_gold=10) for kind in TYPES}
    scores["organization"] = Score(tp_pred=org[0], n_pred=org[1], tp_gold=org[2], n_gold=org[3])
    return scores


def test_a_row_per_shift_with_the_labels_type_precision_plus_recall() -> None:
    lines = table("ORG", [0.0, -1.0], [_scores((77, 100, 85, 100)), _scores((80, 100, 80, 100))]).splitlines()
    assert lines[0].endswith("organization P+R")
    assert lines[2].startswith("+0.00 |") and lines[2].endswith("| 1.620")
    assert "0.770 / 0.850" in lines[2]
    assert lines[3].startswith("-1.00 |") and lines[3].endswith("| 1.600")
    assert len(lines) == 4


def test_every_label_the_rules_read_as_a_place_or_body_maps_to_a_scored_type() -> None:
    assert set(TYPE_OF.values()) <= set(TYPES)
