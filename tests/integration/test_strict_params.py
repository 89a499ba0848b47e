"""Strict parameters on both services: an unknown query parameter is a 400 problem naming it, on every
route; a bulk retry with no filter needs ``all=true``.  In-process apps against the real servers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from cablestream.auth.keys import SCOPES, KeyStore
from cablestream.http.problems import PROBLEM
from cablestream.infra.queue import TASK_PARSE
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ParseFile
from cablestream.state.failures import Failure
from services.api.app import create_app as api_app
from services.upload.app import create_app as upload_app

UNKNOWN = "zz_not_a_parameter"


@pytest.fixture(scope="module")
def apps(wiring: Wiring) -> Iterator[dict[str, tuple[FastAPI, TestClient]]]:
    _, key = KeyStore(wiring.redis).create("strict-params-test", list(SCOPES))
    auth = {"Authorization": f"Bearer {key}"}
    api, upload = api_app(wiring.settings), upload_app(wiring.settings)
    with TestClient(api, headers=auth) as a, TestClient(upload, headers=auth) as u:
        yield {"api": (api, a), "upload": (upload, u)}


def _operations(app: FastAPI) -> list[tuple[str, str]]:
    """Every method and path of the app's routes, path parameters filled with a placeholder."""
    # FastAPI keeps included routers as such; their routes are reached through the route contexts.
    return [(method, re.sub(r"\{[^}]+\}", "x1", str(context.path)))
            for context in iter_route_contexts(app.routes) if isinstance(context.original_route, APIRoute)
            for method in sorted(context.methods or ())]


@pytest.mark.parametrize("service", ["api", "upload"])
def test_every_route_refuses_a_parameter_it_does_not_take(apps: dict[str, tuple[FastAPI, TestClient]],
                                                          service: str) -> None:
    app, client = apps[service]
    operations = _operations(app)
    assert len(operations) >= (15 if service == "api" else 5)  # the walk found the routes
    for method, path in operations:
        answer = client.request(method, path, params={UNKNOWN: "1"})
        assert answer.status_code == 400, (method, path, answer.status_code, answer.text[:300])
        assert answer.headers["content-type"] == PROBLEM
        if method != "HEAD":  # a HEAD answer has no body to name it in
            assert answer.json()["param"] == UNKNOWN, (method, path)


def test_a_misspelt_filter_is_named_not_ignored(apps: dict[str, tuple[FastAPI, TestClient]], wiring: Wiring) -> None:
    _, api = apps["api"]
    answer = api.get("/v1/failures", params={"job": "abc"})  # the filter is job_id
    assert answer.status_code == 400 and answer.json()["param"] == "job"
    assert "job_id" in answer.json()["detail"]  # the answer lists what the route takes
    assert api.get("/v1/failures", params={"job_id": "abc"}).status_code == 200
    # Declared parameters of dependencies count as known (the dashboard's ?key=, through its dependency).
    assert api.get("/dashboard", params={"key": "csk_nope"}).status_code == 401
    assert api.get("/dashboard", params={"key": "csk_nope", "keys": "x"}).json()["param"] == "keys"


def test_a_bulk_retry_without_a_filter_needs_all(apps: dict[str, tuple[FastAPI, TestClient]], wiring: Wiring) -> None:
    _, api = apps["api"]
    fid = wiring.failures.record(Failure(stage="parse", error_type="StrictProbe", message="probe", job_id="strict-job",
                                         sha256="cd" * 32, name="probe.txt", index=0, retryable=True, task=TASK_PARSE,
                                         retry_message=ParseFile(job_id="strict-job", index=0, sha256="cd" * 32,
                                                                 name="probe.txt").encode()))
    wiring.redis.delete("parse")
    bare = api.post("/v1/failures/retry")
    assert bare.status_code == 400 and bare.json()["param"] == "all"
    assert bare.headers["content-type"] == PROBLEM
    assert api.post("/v1/failures/retry", params={"job": "strict-job"}).json()["param"] == "job"
    both = api.post("/v1/failures/retry", params={"all": "true", "job_id": "strict-job"})
    assert both.status_code == 400 and both.json()["param"] == "all"
    assert wiring.redis.llen("parse") == 0  # none of the refused requests retried anything
    everything = api.post("/v1/failures/retry", params={"all": "true"})
    assert everything.status_code == 202 and fid in everything.json()["retried"]
    wiring.redis.delete("parse")
