"""The model is loaded once per test session; cables come from the small fixtures in tests/data/cables."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bench.entities_eval import load_cable
from cablestream.extraction import model
from cablestream.record import Cable

CABLES = Path(__file__).resolve().parents[2] / "data" / "cables"


@pytest.fixture(scope="session")
def nlp_loaded() -> None:
    model.ner()


@pytest.fixture(scope="session")
def cable(nlp_loaded: None) -> Callable[[str], Cable]:
    cache: dict[str, Cable] = {}

    def load(name: str) -> Cable:
        if name not in cache:
            cache[name] = load_cable(CABLES / name)
        return cache[name]

    return load
