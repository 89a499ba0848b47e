"""Search cursors are checked strictly when decoded, yet every cursor the API issues decodes (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablestream.search.cursor import BadCursor, CursorState, decode, encode
from cablestream.search.queries import MAX_PAGE_SIZE, CableQuery

_LONG = st.integers(-(2**63), 2**63 - 1)  # epoch millis, and the sort value of a missing date
_WORDS = st.lists(st.text(min_size=1, max_size=30), max_size=5)
_DATES = st.sampled_from([None, "2009", "2009-03", "2009-03-20"])


@st.composite
def _states(draw: st.DrawFn) -> CursorState:
    query = CableQuery(
        q=draw(st.sampled_from([None, "oil", 'subject:"nuclear fuel" OR body:(uranium -iran)', "-gas é"])),
        tags=draw(_WORDS), origins=draw(_WORDS), classifications=draw(_WORDS), caveats=draw(_WORDS),
        references=draw(_WORDS), entities=draw(_WORDS), created_from=draw(_DATES), created_to=draw(_DATES),
        sort=draw(st.sampled_from(["relevance", "newest", "oldest"])), size=draw(st.integers(0, MAX_PAGE_SIZE)))
    after = draw(st.none() | st.tuples(st.floats(0, 1e6), _LONG, st.text(max_size=40)).map(list)
                 | st.tuples(_LONG, st.text(max_size=40)).map(list))
    pit = draw(st.none() | st.text(min_size=1, max_size=400))
    return CursorState(query, after, pit, draw(st.lists(st.text(max_size=40), max_size=MAX_PAGE_SIZE)))


@given(_states())
def test_every_cursor_issued_decodes_to_itself(state: CursorState) -> None:
    assert decode(encode(state)) == state


@pytest.mark.parametrize("cursor", ["", "a", "€uro", "eyJ2IjogMX0", "e30", "W10", "bnVsbA"])
def test_garbage_is_a_bad_cursor(cursor: str) -> None:
    with pytest.raises(BadCursor):
        decode(cursor)
