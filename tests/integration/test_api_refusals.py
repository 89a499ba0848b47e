"""OpenSearch refusing a request the API built is a 502 naming the backend and the status it answered,
not a 503 "retry later", and it never repeats OpenSearch's message.  The refusal is real: the app's
settings name an index alias that does not exist, so OpenSearch answers 404."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cablestream.auth.keys import SCOPES, KeyStore
from cablestream.infra.wiring import Wiring
from services.api.app import create_app


@pytest.fixture(scope="module")
def absent(wiring: Wiring) -> Iterator[TestClient]:
    alias = f"cstest-absent-{uuid.uuid4().hex[:8]}"
    _, key = KeyStore(wiring.redis).create("refusals", list(SCOPES))
    settings = wiring.settings.model_copy(update={"index_alias": alias})
    with TestClient(create_app(settings), headers={"Authorization": f"Bearer {key}"}) as client:
        yield client


@pytest.mark.parametrize("url", ["/v1/cables?q=oil", "/v1/cables/09ASTANA497/references",
                                 "/v1/cables/09ASTANA497/raw", "/v1/entities", "/v1/stats"])
def test_a_refused_search_request_is_a_502_naming_the_backend_and_its_status(absent: TestClient, url: str) -> None:
    answer = absent.get(url)
    assert answer.status_code == 502, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "retry-after" not in answer.headers  # the same request would be refused again
    body = answer.json()
    assert (body["status"], body["backend"], body["backend_status"]) == (502, "opensearch", 404)
    assert "OpenSearch" in body["detail"] and "404" in body["detail"]
    # OpenSearch's own words (index names, error types) stay in the log.
    assert "cstest-absent" not in answer.text and "index_not_found" not in answer.text


def test_an_export_refused_before_its_first_record_is_a_502(absent: TestClient) -> None:
    answer = absent.get("/v1/export", params={"tag": "KZ"})
    assert answer.status_code == 502 and answer.json()["backend_status"] == 404
