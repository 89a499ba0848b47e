"""The judge's trainer (``bench/train_vetter.py``): its name model and its threshold, on toy data (no corpus)."""

from __future__ import annotations

import numpy as np

from bench.train_vetter import Row, choose_threshold, fit_names


def test_the_name_model_learns_shapes_it_can_apply_to_unseen_names() -> None:
    people = ["Ivan Petrov", "Sergei Ivanov", "Oleg Smirnov", "Pavel Popov", "Anatoly Sokolov", "Boris Volkov"]
    places = ["Kazakhstan", "Uzbekistan", "Turkmenistan", "Tajikistan", "Kyrgyzstan", "Afghanistan"]
    bodies = ["Gazprom Bank", "Central Bank", "World Bank", "Alfa Bank", "Sber Bank", "Tinkoff Bank"]
    names = fit_names([(n, "person") for n in people] + [(n, "place") for n in places]
                      + [(n, "organization") for n in bodies])
    assert names.probabilities("Dmitri Orlov")["person"] > 0.5  # ``-ov``, never seen as a whole
    assert names.probabilities("Pakistan")["place"] > 0.5
    assert names.probabilities("Vnesheconom Bank")["organization"] > 0.5
    assert all(abs(sum(names.probabilities(n).values()) - 1) < 1e-9 for n in ("Orlov", "Zzz"))


def test_the_threshold_is_the_best_f1_counted_as_the_evaluation_counts() -> None:
    # Three right people (two matching one annotated item), one wrong; a rule's entity is never dropped.
    rows = [Row(0, "person", "A", frozenset({"c:0"}), {}), Row(0, "person", "A.", frozenset({"c:0"}), {}),
            Row(0, "person", "B", frozenset({"c:1"}), {}), Row(0, "person", "X", frozenset(), {}),
            Row(0, "person", "R", frozenset(), {}, judged=False)]
    scores = np.array([0.9, 0.15, 0.8, 0.3, np.inf])
    # Dropping ``X`` (and the duplicate ``A.``) keeps both items found: precision 3/4 -> 3/3, recall stays 1.
    assert choose_threshold(rows[:4], scores[:4], golds=2) == 0.35
    assert 0.3 < choose_threshold(rows, scores, golds=2) < 0.8  # the rule's wrong entity stays whatever the threshold
