"""``GET /v1/jobs/{id}``: the upload service and the read API answer one job with one schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cablestream.auth.keys import SCOPES, KeyStore
from cablestream.infra.wiring import Wiring
from cablestream.state.jobs import FileEntry
from cablestream.state.jobview import Job
from services.api.app import create_app as api_app
from services.upload.app import create_app as upload_app

# Both depend on the moment they are read while the job runs.
MOMENTARY = {"rate_cables_per_second", "eta_seconds", "updated_at"}


@pytest.fixture(scope="module")
def clients(wiring: Wiring) -> Iterator[tuple[TestClient, TestClient]]:
    _, key = KeyStore(wiring.redis).create("job-resource-test", list(SCOPES))
    auth = {"Authorization": f"Bearer {key}"}
    with TestClient(upload_app(wiring.settings), headers=auth) as upload, \
            TestClient(api_app(wiring.settings), headers=auth) as api:
        yield upload, api


def test_both_services_answer_the_same_job_with_the_same_schema(clients: tuple[TestClient, TestClient],
                                                                 wiring: Wiring) -> None:
    upload, api = clients
    job_id = wiring.jobs.create([FileEntry(0, "a.txt", "aa" * 32, 3, False), FileEntry(1, "b.zip", "bb" * 32, 9, True)])
    wiring.jobs.add(job_id, "parsed", ["01A1", "01A2"])
    wiring.jobs.add(job_id, "indexed", ["01A1"])
    wiring.jobs.update_file(job_id, 0, state="parsed", cables=2)

    from_upload, from_api = upload.get(f"/v1/jobs/{job_id}"), api.get(f"/v1/jobs/{job_id}")
    assert from_upload.status_code == from_api.status_code == 200
    a, b = from_upload.json(), from_api.json()
    Job.model_validate(a), Job.model_validate(b)
    assert set(a) == set(b) == set(Job.model_fields)
    assert {k: v for k, v in a.items() if k not in MOMENTARY} == {k: v for k, v in b.items() if k not in MOMENTARY}
    assert a["counts"] == {"files": 2, "files_done": 1, "cables_parsed": 2, "cables_indexed": 1,
                           "cables_index_failed": 0, "cables_extracted": 0, "failed": 0}
    assert [f["name"] for f in a["files"]] == ["a.txt", "b.zip"] and a["files"][0]["state"] == "parsed"
    # The read API's list carries the same objects.
    listed = next(j for j in api.get("/v1/jobs").json()["items"] if j["job_id"] == job_id)
    assert set(listed) == set(a)


def test_both_services_document_one_job_schema(clients: tuple[TestClient, TestClient]) -> None:
    specs = [client.get("/openapi.json").json() for client in clients]
    for spec in specs:
        ok = spec["paths"]["/v1/jobs/{job_id}"]["get"]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"] == {"$ref": "#/components/schemas/Job"}
    upload_schemas, api_schemas = (spec["components"]["schemas"] for spec in specs)
    for name in ("Job", "JobCounts", "JobFile"):
        assert upload_schemas[name] == api_schemas[name]


def test_an_unknown_job_is_a_404_on_both(clients: tuple[TestClient, TestClient]) -> None:
    for client in clients:
        answer = client.get("/v1/jobs/nope")
        assert answer.status_code == 404 and answer.json()["param"] == "job_id"
