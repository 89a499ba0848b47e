"""An entity's cables are a search for any of its identity's ids, and the ids travel in the cursor (pure)."""

from __future__ import annotations

from cablestream.search.cursor import CursorState, decode, encode
from cablestream.search.entities import unaccented
from cablestream.search.queries import CableQuery, search_body


def test_the_walk_asks_for_any_member_and_keeps_them_in_its_cursor() -> None:
    query = CableQuery(entities_any=["person:nursultan-nazarbayev", "person:nazarbayev"], sort="newest", size=2)
    clauses = search_body(query)["query"]["bool"]["filter"]
    assert {"terms": {"entity_ids": ["person:nursultan-nazarbayev", "person:nazarbayev"]}} in clauses
    state = CursorState(query, [1237503600000, "09ASTANA497"], "pit", [])
    assert decode(encode(state)) == state


def test_a_query_loses_its_accents_as_the_alias_keys_did() -> None:
    assert unaccented("Aïtzhanova Türkiye") == "Aitzhanova Turkiye"
