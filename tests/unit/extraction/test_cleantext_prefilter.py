"""The cheap test that skips the inline-marking search (``cleantext._may_mark``) must hold for every line the
search would match: its keys are a second statement of ``_INLINE``, and this keeps the two in step."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cablestream.extraction import cleantext


@settings(max_examples=300)
@given(st.from_regex(cleantext._INLINE))
def test_every_line_holding_a_marking_passes_the_prefilter(line: str) -> None:
    assert cleantext._INLINE.search(line)
    assert cleantext._may_mark(line)


def test_plain_prose_skips_the_search() -> None:
    assert not cleantext._may_mark("The minister said the visit would go ahead in March.")
