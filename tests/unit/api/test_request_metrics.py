"""The request middleware counts every answer by route template and status, errors included."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from cablestream.http.metrics import RequestMetrics

SERVICE = "metrics-test"


def _count(route: str, status: str) -> float:
    return REGISTRY.get_sample_value("cablestream_http_requests_total",
                                     {"service": SERVICE, "route": route, "status": status}) or 0.0


def _app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(RequestMetrics, service=SERVICE)

    @app.get("/things/{name}")
    async def thing(name: str) -> dict[str, str]:
        if name == "missing":
            raise HTTPException(404)
        if name == "bug":
            raise RuntimeError("a bug")
        return {"name": name}

    return app


@pytest.mark.parametrize(("name", "status"), [("a", "200"), ("missing", "404"), ("bug", "500")])
def test_counts_each_answer_under_its_route_template(name: str, status: str) -> None:
    before = _count("/things/{name}", status)
    with TestClient(_app(), raise_server_exceptions=False) as client:
        assert client.get(f"/things/{name}").status_code == int(status)
    assert _count("/things/{name}", status) == before + 1


def test_a_path_no_route_matches_is_counted_as_unmatched() -> None:
    before = _count("unmatched", "404")
    with TestClient(_app()) as client:
        assert client.get("/nowhere").status_code == 404
    assert _count("unmatched", "404") == before + 1
    duration = REGISTRY.get_sample_value("cablestream_http_request_duration_seconds_count",
                                         {"service": SERVICE, "route": "unmatched"})
    assert duration is not None and duration >= 1
