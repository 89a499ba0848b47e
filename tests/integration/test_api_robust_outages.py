"""A backing server down answers 503 problem details with Retry-After, naming the server, on every route
that needs it, in both services.  The outages are real: the app's settings point Redis, OpenSearch or
MinIO at a closed port on loopback; nothing is mocked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cablestream.auth.keys import SCOPES, KeyStore
from cablestream.infra.wiring import Wiring
from cablestream.settings import Settings
from cablestream.state.changes import ChangeFeed
from devtools.localsystem import free_port
from services.api.app import create_app as api_app
from services.upload.app import create_app as upload_app

READ_ROUTES = [("GET", "/v1/cables?q=oil"), ("GET", "/v1/cables/09ASTANA497"),
               ("GET", "/v1/cables/09ASTANA497/references"), ("GET", "/v1/cables/09ASTANA497/raw"),
               ("GET", "/v1/export?tag=KZ"), ("GET", "/v1/changes"), ("GET", "/v1/changes/stream"),
               ("GET", "/v1/entities"), ("GET", "/v1/entities/person:x"), ("GET", "/v1/failures"),
               ("GET", "/v1/failures/f1"), ("POST", "/v1/failures/f1/retry"), ("POST", "/v1/failures/retry?all=true"),
               ("GET", "/v1/jobs"), ("GET", "/v1/jobs/j1"), ("GET", "/v1/stats"), ("GET", "/dashboard?key=csk_x")]
NAMES = {"redis": "Redis", "opensearch": "OpenSearch", "minio": "MinIO"}
UPLOAD_ROUTES = [("GET", "/v1/jobs/j1"), ("HEAD", "/v1/files/" + "0" * 64)]



@contextmanager
def _client(app: FastAPI, key: str) -> Iterator[TestClient]:
    # raise_server_exceptions: an error no handler turned into an answer fails the test loudly.
    with TestClient(app, headers={"Authorization": f"Bearer {key}"}) as client:
        yield client


@pytest.fixture(scope="module")
def key(wiring: Wiring) -> str:
    _, token = KeyStore(wiring.redis).create("outages", list(SCOPES))
    return token


def _broken(settings: Settings, **overrides: object) -> Settings:
    return settings.model_copy(update=overrides)


def _assert_unavailable(response: httpx2.Response, backend: str, settings: Settings) -> None:
    # httpx2's Response: what starlette's TestClient answers with.
    assert response.status_code == 503, (response.status_code, response.text)
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == str(settings.retry_after_seconds)
    if response.request.method == "HEAD":
        return
    body = response.json()
    assert body["status"] == 503 and body["backend"] == backend, body
    assert NAMES[backend] in body["detail"] and "unavailable" in body["detail"], body
    assert "127.0.0.1" not in body["detail"]  # the client library's message (addresses) stays in the log


def test_redis_down_every_route_of_both_services_is_a_503(wiring: Wiring, key: str) -> None:
    settings = _broken(wiring.settings, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    with _client(api_app(settings), key) as api:
        for method, url in READ_ROUTES:
            _assert_unavailable(api.request(method, url), "redis", settings)
    with _client(upload_app(settings), key) as upload:
        for method, url in UPLOAD_ROUTES:
            _assert_unavailable(upload.request(method, url), "redis", settings)
        response = upload.post("/v1/uploads", files=[("files", ("a.txt", b"09ASTANA497\n"))])
        _assert_unavailable(response, "redis", settings)
        assert upload.get("/readyz").json()["checks"]["redis"] == "unreachable"  # health stays itself


def test_opensearch_down_search_routes_are_a_503_naming_it(wiring: Wiring, key: str) -> None:
    ChangeFeed(wiring.redis).append("index", [{"reference_id": "09OUTAGE1", "subject": "x"}])
    settings = _broken(wiring.settings, opensearch_url=f"http://127.0.0.1:{free_port()}",
                       retry_after_seconds=7)
    with _client(api_app(settings), key) as api:
        for url in ("/v1/cables?q=oil", "/v1/cables/09ASTANA497/references", "/v1/cables/09ASTANA497/raw",
                    "/v1/changes", "/v1/entities", "/v1/entities/person:x", "/v1/stats"):
            _assert_unavailable(api.get(url), "opensearch", settings)
        assert api.get("/v1/jobs").status_code == 200  # what needs only Redis still answers


def test_minio_down_records_and_uploads_are_a_503_and_open_no_job(wiring: Wiring, key: str) -> None:
    settings = _broken(wiring.settings, s3_endpoint=f"127.0.0.1:{free_port()}")
    with _client(api_app(settings), key) as api:
        _assert_unavailable(api.get("/v1/cables/09ASTANA497"), "minio", settings)
    jobs_before = wiring.jobs.recent(1000)
    with _client(upload_app(settings), key) as upload:
        response = upload.post("/v1/uploads", files=[("files", ("a.txt", b"09ASTANA497\n"))])
        _assert_unavailable(response, "minio", settings)
        _assert_unavailable(upload.head("/v1/files/" + "0" * 64), "minio", settings)
    assert wiring.jobs.recent(1000) == jobs_before
