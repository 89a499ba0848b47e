"""Real cables from the corpus, copied into ``tests/fixtures/cables`` (a handful, never the corpus)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cablestream.parsing import ParseFailure, parse_bytes
from cablestream.record import Cable

FIXTURES = Path(__file__).parents[2] / "fixtures" / "cables"


def parse_one(name: str) -> Cable:
    outcomes = list(parse_bytes((FIXTURES / name).read_bytes(), name=name))
    assert len(outcomes) == 1, outcomes
    cable = outcomes[0]
    assert not isinstance(cable, ParseFailure), cable
    return cable


@pytest.fixture
def cable() -> Callable[[str], Cable]:
    return parse_one
