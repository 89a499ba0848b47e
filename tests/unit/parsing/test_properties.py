"""However mangled the input, formats raise only ParseError and the dispatcher never raises."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablestream.parsing import ParseError, parse_bytes
from cablestream.parsing.base import Input
from cablestream.parsing.registry import formats
from cablestream.record import Cable
from tests.unit.parsing.conftest import FIXTURES

SEEDS = [p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.suffix in {".txt", ".html", ".csv"}]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """A real cable, cut, with bytes flipped, inserted or deleted: what a broken feed delivers."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    cut = draw(st.integers(0, len(data)))
    data = data[:cut] if draw(st.booleans()) else data[cut:]
    for _ in range(draw(st.integers(0, 8))):
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.sampled_from(("flip", "insert", "delete")))
        if op == "insert" or not data:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=20))
        elif op == "flip":
            data[pos] = draw(st.integers(0, 255))
        else:
            del data[pos: pos + draw(st.integers(1, 200))]
    return bytes(data)


ANY_INPUT = st.one_of(st.binary(max_size=2000), mangled(), st.text(max_size=500).map(str.encode))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ANY_INPUT)
def test_dispatcher_never_raises(data: bytes) -> None:
    for outcome in parse_bytes(data, name="fuzz"):
        if isinstance(outcome, Cable):
            assert outcome.reference_id
        else:
            assert outcome.error_type != "ParserBug", outcome.reason


@FAST
@given(ANY_INPUT)
def test_every_format_raises_only_parse_error(data: bytes) -> None:
    item = Input(data=data, name="fuzz")
    for fmt in formats():
        score = fmt.match(item)
        assert 0.0 <= score <= 1.0
        with contextlib.suppress(ParseError):  # anything else propagates and fails the test
            list(fmt.parse(item))
