"""Search bodies, facets and cursors (pure)."""

from __future__ import annotations

import pytest

from cablestream.search.cursor import BadCursor, CursorState, decode, encode
from cablestream.search.facets import read_facets
from cablestream.search.queries import CableQuery, filters, search_body
from cablestream.state.changes import BadChangeCursor, decode_cursor, encode_cursor, record_digest


def test_filters_cover_every_parameter() -> None:
    clauses = filters(CableQuery(tags=["KZ"], origins=["Embassy Astana"], classifications=["secret"],
                                 caveats=["noforn"], references=["08ASTANA2445"], entities=["person:x"],
                                 created_from="2009", created_to="2009-03"))
    flat = str(clauses)
    for expected in ("'tags': 'KZ'", "'caveats': 'NOFORN'", "'references': '08ASTANA2445'",
                     "'entity_ids': 'person:x'", "'origin': ['Embassy Astana']", "'SECRET'"):
        assert expected in flat
    assert {"range": {"created": {"gte": "2009||/y", "lte": "2009-03||/M",
                                  "format": "strict_date_optional_time||yyyy-MM||yyyy"}}} in clauses


def test_sorts_end_on_the_unique_id_and_highlight_only_with_text() -> None:
    for sort in ("relevance", "newest", "oldest"):
        assert search_body(CableQuery(sort=sort))["sort"][-1] == {"reference_id": "asc"}
    assert "highlight" not in search_body(CableQuery())
    assert "highlight" in search_body(CableQuery(q="oil"))


def test_cursor_round_trip_and_tampering() -> None:
    state = CursorState(CableQuery(q="oil", tags=["KZ"], size=5), [1.5, 123, "09X1"], "pit==", ["09X0"])
    assert decode(encode(state)) == state
    for bad in ("", "abc", encode(state)[:-4], "eyJ2IjogOX0"):
        with pytest.raises(BadCursor):
            decode(bad)


def test_change_cursors_are_opaque_stream_ids() -> None:
    assert decode_cursor(encode_cursor("1700000000000-3")) == "1700000000000-3"
    for bad in ("", "xyz", encode_cursor("1-2")[:-2] + "zz"):
        with pytest.raises(BadChangeCursor):
            decode_cursor(bad)
    assert record_digest({"a": 1, "b": 2}) == record_digest({"b": 2, "a": 1})


def test_facets_are_read_as_key_and_count() -> None:
    facets = read_facets({"years": {"buckets": [{"key": 1, "key_as_string": "2009", "doc_count": 3}]},
                          "tags": {"buckets": [{"key": "KZ", "doc_count": 2}]}})
    assert facets["years"] == [{"key": "2009", "count": 3}] and facets["tags"] == [{"key": "KZ", "count": 2}]
    assert facets["origins"] == []
