"""``paging.scan_ids`` against the real OpenSearch: every id matching a raw query, once, in reference id
order, over a point in time that survives expiring mid-walk and is closed at the end."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Generator, Iterator

import pytest

from cablestream.infra.wiring import Wiring
from cablestream.search.client import load_mapping
from cablestream.search.indexing import bulk_upsert
from cablestream.search.paging import scan_ids


@pytest.fixture
def index(wiring: Wiring) -> Iterator[str]:
    """An index of its own: the point in time ids name it, so this test finds its own among the server's."""
    name = f"cstest-scan-{uuid.uuid4().hex[:8]}"
    wiring.search.indices.create(index=name, body=load_mapping(1))
    records = [{"reference_id": f"09SCAN{n}", "tags": ["KZ" if n % 3 else "RS"], "parser_version": "t"}
               for n in range(1, 11)]
    assert not bulk_upsert(wiring.search, name, records, refresh=True).rejected
    yield name
    wiring.search.indices.delete(index=name)


def _pits_on(wiring: Wiring, index: str) -> list[str]:
    pits = [p["pit_id"] for p in wiring.search.get_all_pits().get("pits", [])]
    return [p for p in pits if index.encode() in base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))]


def test_every_matching_id_once_in_order_and_the_pit_closed(wiring: Wiring, index: str) -> None:
    ids = list(scan_ids(wiring.search, index, {"term": {"tags": "KZ"}}, page_size=2))
    expected = sorted(f"09SCAN{n}" for n in range(1, 11) if n % 3)
    assert ids == expected
    assert _pits_on(wiring, index) == []


def test_a_pit_that_expires_mid_walk_is_replaced_and_the_walk_resumes(wiring: Wiring, index: str) -> None:
    walk = scan_ids(wiring.search, index, {"match_all": {}}, page_size=3)
    first = [next(walk) for _ in range(3)]  # one page read: its point in time is open
    pits = _pits_on(wiring, index)
    assert len(pits) == 1
    wiring.search.delete_pit(body={"pit_id": pits})  # as if its keep-alive ran out
    rest = list(walk)
    assert first + rest == sorted(f"09SCAN{n}" for n in range(1, 11))
    assert _pits_on(wiring, index) == []  # the replacement is closed too


def test_a_caller_that_stops_early_closes_the_pit(wiring: Wiring, index: str) -> None:
    walk = scan_ids(wiring.search, index, {"match_all": {}}, page_size=2)
    assert isinstance(walk, Generator)  # scan_ids is typed as an Iterator; stopping early means close()
    next(walk)
    assert len(_pits_on(wiring, index)) == 1
    walk.close()
    assert _pits_on(wiring, index) == []
