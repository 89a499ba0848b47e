"""Object storage against the real MinIO."""

from __future__ import annotations

import hashlib
import io

import pytest

from cablestream.infra.storage import CONDITIONAL_PUT_BYTES, ObjectMissing, raw_key
from cablestream.infra.wiring import Wiring


def test_put_file_is_keyed_by_content_and_idempotent(wiring: Wiring) -> None:
    data = b"cable bytes " * 100_000  # over one multipart chunk
    first = wiring.store.put_file(io.BytesIO(data))
    second = wiring.store.put_file(io.BytesIO(data))
    assert first.sha256 == hashlib.sha256(data).hexdigest() and first.size == len(data)
    assert (first.duplicate, second.duplicate) == (False, True)
    assert wiring.store.load_file(first.sha256) == data
    assert wiring.store.exists(raw_key(first.sha256))


def test_a_small_file_is_stored_once_by_a_conditional_put(wiring: Wiring) -> None:
    data = b"one small cable"
    first = wiring.store.put_file(io.BytesIO(data), "text/plain")
    again = io.BytesIO(data)
    second = wiring.store.put_file(again)
    assert first.sha256 == second.sha256 == hashlib.sha256(data).hexdigest() and first.size == len(data)
    assert (first.duplicate, second.duplicate) == (False, True)
    assert again.tell() == 0  # rewound, as put_file leaves a large stream
    assert wiring.store.load_file(first.sha256) == data


def test_a_file_at_the_conditional_put_bound_and_one_past_it(wiring: Wiring) -> None:
    for data in (b"a" * CONDITIONAL_PUT_BYTES, b"b" * (CONDITIONAL_PUT_BYTES + 1)):
        stored = [wiring.store.put_file(io.BytesIO(data)) for _ in range(2)]
        assert [s.duplicate for s in stored] == [False, True]
        assert stored[0].size == len(data) and wiring.store.load_file(stored[0].sha256) == data


def test_missing_objects_raise_a_typed_error(wiring: Wiring) -> None:
    with pytest.raises(ObjectMissing):
        wiring.store.load_bytes("records/00NOWHERE1.json")
    assert not wiring.store.exists("records/00NOWHERE1.json")
