"""Object storage against the real MinIO."""

from __future__ import annotations

import hashlib
import io

import pytest

from cablestream.infra.storage import ObjectMissing, raw_key
from cablestream.infra.wiring import Wiring


def test_put_file_is_keyed_by_content_and_idempotent(wiring: Wiring) -> None:
    data = b"cable bytes " * 100_000  # over one multipart chunk
    first = wiring.store.put_file(io.BytesIO(data))
    second = wiring.store.put_file(io.BytesIO(data))
    assert first.sha256 == hashlib.sha256(data).hexdigest() and first.size == len(data)
    assert (first.duplicate, second.duplicate) == (False, True)
    assert wiring.store.load_file(first.sha256) == data
    assert wiring.store.exists(raw_key(first.sha256))


def test_missing_objects_raise_a_typed_error(wiring: Wiring) -> None:
    with pytest.raises(ObjectMissing):
        wiring.store.load_bytes("records/00NOWHERE1.json")
    assert not wiring.store.exists("records/00NOWHERE1.json")
