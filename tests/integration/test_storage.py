"""Object storage against the real MinIO."""

from __future__ import annotations

import hashlib
import io

import pytest
from minio import Minio

from cablestream.infra.storage import CONDITIONAL_PUT_BYTES, ObjectMissing, ObjectStore, raw_key
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


@pytest.mark.parametrize("batch_puts", [True, False])
def test_a_batch_of_records_is_stored_one_object_each(wiring: Wiring, batch_puts: bool) -> None:
    """In one PUT of a tar MinIO unpacks (batch puts), or a PUT each: either way every record is its own
    object, readable by key, and writing the batch again replaces them (a redelivered parse)."""
    store = ObjectStore(wiring.settings.model_copy(update={"s3_batch_puts": batch_puts}))
    objects = {f"records/09TEST{batch_puts:d}{i}.json": b'{"n": %d}' % i + b" " * i * 100 for i in range(60)}
    store.put_many(objects)
    assert {key: store.load_bytes(key) for key in objects} == objects
    store.put_many({key: data + b"\n" for key, data in objects.items()})
    assert all(store.load_bytes(key) == data + b"\n" for key, data in objects.items())
    s = wiring.settings
    client = Minio(s.s3_endpoint, access_key=s.s3_access_key, secret_key=s.s3_secret_key, secure=s.s3_secure)
    assert not list(client.list_objects(store.bucket, prefix="snowball."))  # no tar left behind as an object
