"""Operations resources of the read API (failures, retry, jobs, stats) in-process against real servers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cablestream.auth.keys import KeyStore
from cablestream.infra.queue import TASK_PARSE
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ParseFile
from cablestream.search.indexing import bulk_upsert
from cablestream.state.failures import Failure
from cablestream.state.jobs import FileEntry
from services.api.app import create_app


@pytest.fixture(scope="module")
def api(wiring: Wiring) -> Iterator[TestClient]:
    _, key = KeyStore(wiring.redis).create("ops-test", ["admin"])
    with TestClient(create_app(wiring.settings), headers={"Authorization": f"Bearer {key}"}) as client:
        yield client


def test_failures_are_listed_filtered_and_retried(api: TestClient, wiring: Wiring) -> None:
    job_id = wiring.jobs.create([FileEntry(0, "bad.bin", "ef" * 32, 3, False)])
    fid = wiring.failures.record(Failure(stage="parse", error_type="UnknownFormat", message="no format",
                                         job_id=job_id, sha256="ef" * 32, index=0, retryable=True, task=TASK_PARSE,
                                         retry_message=ParseFile(
                                             job_id=job_id, index=0, sha256="ef" * 32, name="bad.bin").encode()))
    listed = api.get("/v1/failures", params={"job_id": job_id}).json()
    assert [f["id"] for f in listed["items"]] == [fid]
    assert listed["items"][0]["retry"] == f"POST /v1/failures/{fid}/retry"
    assert api.get("/v1/failures", params={"job_id": job_id, "stage": "index"}).json()["items"] == []

    before = wiring.redis.llen("parse")
    assert api.post(f"/v1/failures/{fid}/retry").status_code == 202
    assert wiring.redis.llen("parse") == before + 1  # the parse message is back on its queue
    assert api.post("/v1/failures/retry", params={"job_id": job_id}).json()["retried"] == [fid]
    assert api.post("/v1/failures/nope/retry").status_code == 404
    wiring.redis.delete("parse")


def test_jobs_and_stats_report_progress(api: TestClient, wiring: Wiring) -> None:
    job_id = wiring.jobs.create([FileEntry(0, "a.txt", "aa" * 32, 3, False)])
    wiring.jobs.add(job_id, "parsed", ["01A1", "01A2"])
    wiring.jobs.add(job_id, "indexed", ["01A1"])
    wiring.jobs.update_file(job_id, 0, state="parsed", cables=2)
    job = api.get(f"/v1/jobs/{job_id}").json()
    assert job["state"] == "running" and job["counts"]["cables_indexed"] == 1
    assert job_id in [j["job_id"] for j in api.get("/v1/jobs").json()["items"]]
    stats = api.get("/v1/stats").json()
    assert [s["stage"] for s in stats["stages"]] == ["parse", "index", "extract"]


def test_stats_count_the_documents_of_the_index(wiring: Wiring) -> None:
    # An index alias of its own: the session's is shared with every other test's documents.
    settings = wiring.settings.model_copy(update={"index_alias": f"{wiring.settings.index_alias}-stats"})
    own = Wiring(settings)
    own.setup()
    _, key = KeyStore(wiring.redis).create("stats-test", ["admin"])
    try:
        with TestClient(create_app(settings), headers={"Authorization": f"Bearer {key}"}) as client:
            assert client.get("/v1/stats").json()["index"]["documents"] == 0
            records = [{"reference_id": f"09STATS{n}", "parser_version": "t"} for n in range(3)]
            assert not bulk_upsert(own.search, settings.index_alias, records, refresh=True).rejected
            index = client.get("/v1/stats").json()["index"]
            assert index["documents"] == 3 and index["size_bytes"] > 0
            bulk_upsert(own.search, settings.index_alias, records[:1], refresh=True)  # the same cable again
            assert client.get("/v1/stats").json()["index"]["documents"] == 3
    finally:
        wiring.search.indices.delete(index=f"{settings.index_alias}*", params={"ignore_unavailable": "true"})


def test_metrics_expose_backlog_gauges(api: TestClient) -> None:
    body = api.get("/metrics").text
    assert 'cablestream_queue_depth{queue="parse"}' in body
    assert "cablestream_http_requests_total" in body


def test_operations_need_the_admin_scope(api: TestClient, wiring: Wiring) -> None:
    _, reader = KeyStore(wiring.redis).create("reader", ["read"])
    unknown = api.get("/v1/failures", headers={"Authorization": "Bearer nope"})
    assert unknown.status_code == 401 and unknown.headers["www-authenticate"] == "Bearer"
    assert unknown.headers["content-type"] == "application/problem+json"
    forbidden = api.get("/v1/stats", headers={"Authorization": f"Bearer {reader}"})
    assert forbidden.status_code == 403 and forbidden.json()["param"] == "Authorization"


def test_readiness_checks_every_backing_server(api: TestClient) -> None:
    ready = api.get("/readyz", headers={"Authorization": ""})
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"redis": "ok", "minio": "ok", "opensearch": "ok", "broker": "ok"}
