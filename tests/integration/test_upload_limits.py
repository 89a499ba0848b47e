"""Upload size limits: a request over ``max_upload_bytes`` (declared or chunked) or a file over
``max_file_bytes`` is a 413 problem, and nothing of it is stored and no job opens.  The upload service
runs in a real uvicorn against the real servers, with small limits."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager

import httpx
import pytest

from cablestream.auth.keys import KeyStore
from cablestream.infra.storage import raw_key
from cablestream.infra.wiring import Wiring
from services.upload.app import create_app
from tests.integration.test_api_support import serve

MAX_UPLOAD, MAX_FILE = 8192, 4096
BOUNDARY = "cablestream-test-boundary"


def _serve(wiring: Wiring) -> AbstractContextManager[httpx.Client]:
    settings = wiring.settings.model_copy(update={"max_upload_bytes": MAX_UPLOAD, "max_file_bytes": MAX_FILE})
    return serve(wiring, ("ingest",), app=create_app(settings))


@pytest.fixture(scope="module")
def upload(wiring: Wiring) -> Iterator[httpx.Client]:
    with _serve(wiring) as client:
        yield client


def _file(size: int) -> bytes:
    return os.urandom((size + 1) // 2).hex().encode()[:size]  # fresh bytes: never stored before


def _multipart(*files: bytes) -> bytes:
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="f{i}.txt"\r\n'
             f"Content-Type: text/plain\r\n\r\n".encode() + data + b"\r\n" for i, data in enumerate(files)]
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _assert_refused(response: httpx.Response, wiring: Wiring, files: list[bytes], jobs_before: list[str]) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["param"] == "files"
    for data in files:
        assert not wiring.store.exists(raw_key(hashlib.sha256(data).hexdigest()))
    assert wiring.jobs.recent(1000) == jobs_before


def test_a_request_declared_over_the_limit_is_refused_before_its_body(upload: httpx.Client, wiring: Wiring) -> None:
    files = [_file(3000), _file(3000), _file(3000)]  # each under max_file_bytes, together over max_upload_bytes
    before = wiring.jobs.recent(1000)
    response = upload.post("/v1/uploads", files=[("files", (f"f{i}.txt", d)) for i, d in enumerate(files)])
    _assert_refused(response, wiring, files, before)
    assert str(MAX_UPLOAD) in response.json()["detail"]


def test_a_chunked_request_is_counted_as_it_arrives(upload: httpx.Client, wiring: Wiring) -> None:
    files = [_file(3000), _file(3000), _file(3000)]
    body = _multipart(*files)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is sent chunked
        for start in range(0, len(body), 1000):
            yield body[start:start + 1000]

    before = wiring.jobs.recent(1000)
    response = upload.post("/v1/uploads", content=chunks(),
                           headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    _assert_refused(response, wiring, files, before)


def test_one_file_over_its_limit_refuses_the_whole_request(upload: httpx.Client, wiring: Wiring) -> None:
    files = [_file(100), _file(MAX_FILE + 1)]
    before = wiring.jobs.recent(1000)
    response = upload.post("/v1/uploads", files=[("files", (f"f{i}.txt", d)) for i, d in enumerate(files)])
    _assert_refused(response, wiring, files, before)  # not even the small one is stored


def test_uploads_within_the_limits_are_stored(upload: httpx.Client, wiring: Wiring) -> None:
    files = [_file(MAX_FILE), _file(3000)]  # with the multipart framing, still under max_upload_bytes
    response = upload.post("/v1/uploads", files=[("files", (f"f{i}.txt", d)) for i, d in enumerate(files)])
    assert response.status_code == 202, response.text
    assert [f["sha256"] for f in response.json()["files"]] == [hashlib.sha256(d).hexdigest() for d in files]
    assert all(wiring.store.exists(raw_key(hashlib.sha256(d).hexdigest())) for d in files)


@pytest.mark.parametrize(("scopes", "status"), [(None, 401), (("read",), 403)])
def test_a_request_without_an_ingest_key_is_refused_before_its_body(
        upload: httpx.Client, wiring: Wiring, scopes: tuple[str, ...] | None, status: int) -> None:
    # Over the size cap too: the key is checked first, before a byte of the body is read or spooled.
    files = [_file(3000), _file(3000), _file(3000)]
    headers = {"Authorization": f"Bearer {KeyStore(wiring.redis).create('limits-read', list(scopes))[1]}"} \
        if scopes else {}
    before = wiring.jobs.recent(1000)
    response = httpx.post(upload.base_url.join("/v1/uploads"), headers=headers,
                          files=[("files", (f"f{i}.txt", d)) for i, d in enumerate(files)])
    assert response.status_code == status, response.text
    assert response.json()["param"] == "Authorization"
    assert wiring.jobs.recent(1000) == before


def test_a_plain_field_where_a_file_belongs_is_a_422_in_the_clients_terms(upload: httpx.Client) -> None:
    body = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"\r\n\r\nhello\r\n--{BOUNDARY}--\r\n'
    response = upload.post("/v1/uploads", content=body.encode(),
                           headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}"})
    assert response.status_code == 422
    problem = response.json()
    assert problem["param"] == "files.0" and "expected a file part" in problem["detail"]
    assert "<class" not in response.text and "UploadFile" not in response.text  # no Python leaks out
