"""Upload over HTTP, let the workers run, find the cables through the read API."""

from __future__ import annotations

import io
import time
from typing import Any

from tests.conftest import SAMPLES
from tests.e2e.conftest import System


def _upload(system: System, files: list[tuple[str, bytes]]) -> dict[str, Any]:
    response = system.upload.post("/v1/uploads", files=[("files", (n, io.BytesIO(b))) for n, b in files])
    assert response.status_code == 202, response.text
    body: dict[str, Any] = response.json()  # the upload's JSON answer
    return body


def _search_until(system: System, params: dict[str, str], expected: set[str], timeout: float = 10) -> set[str]:
    deadline = time.monotonic() + timeout
    while True:
        found = {i["reference_id"] for i in system.api.get("/v1/cables", params=params).json()["items"]}
        if expected <= found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_seeds_are_searchable_by_text_and_tag(system: System) -> None:
    seeds = sorted(SAMPLES.glob("*.txt"))
    body = _upload(system, [(p.name, p.read_bytes()) for p in seeds])
    job = system.wait_job(str(body["job_id"]))
    assert job["state"] == "done", job
    assert job["counts"]["cables_parsed"] == job["counts"]["cables_indexed"] == 2  # type: ignore[index]

    # "done" means indexed; searchable follows within the index's refresh interval (1 s).
    found = _search_until(system, {"q": "Aitzhanova"}, {"09ASTANA497", "09ASTANA1145"})
    assert {"09ASTANA497", "09ASTANA1145"} <= found
    by_tag = system.api.get("/v1/cables", params={"tag": "KZ"}).json()
    assert {"09ASTANA497", "09ASTANA1145"} <= {i["reference_id"] for i in by_tag["items"]}

    record = system.api.get("/v1/cables/09ASTANA497").json()
    assert record["reference_id"] == "09ASTANA497"
    assert record["source"]["sha256"] in {f["sha256"] for f in body["files"]}


def test_same_bytes_are_stored_once_and_indexed_once(system: System) -> None:
    data = (SAMPLES / "09ASTANA497.txt").read_bytes()
    first = _upload(system, [("a.txt", data)])
    second = _upload(system, [("copy-of-a.txt", data)])
    assert first["files"][0]["sha256"] == second["files"][0]["sha256"]
    assert second["files"][0]["duplicate"] is True
    system.wait_job(str(second["job_id"]))
    system.wiring.search.indices.refresh(index=system.wiring.settings.index_alias)
    hits = system.api.get("/v1/cables", params={"q": "Aitzhanova", "size": 50}).json()["items"]
    assert [h["reference_id"] for h in hits].count("09ASTANA497") == 1


def test_a_file_without_cables_fails_its_job_with_a_reason(system: System) -> None:
    body = _upload(system, [("notes.txt", b"just some words, no cable here\n" * 20)])
    job = system.wait_job(str(body["job_id"]))
    assert job["state"] == "failed"
    assert job["counts"]["failed"] == 1  # type: ignore[index]
    assert job["files"][0]["error"]  # type: ignore[index]


def test_bad_requests_get_json_problems(system: System) -> None:
    empty = system.upload.post("/v1/uploads", files=[("files", ("empty.txt", io.BytesIO(b"")))])
    assert empty.status_code == 400
    assert empty.json()["param"] == "files" and "empty" in empty.json()["detail"]
    none = system.upload.post("/v1/uploads", data={"other": "x"})
    assert none.status_code == 422 and none.json()["param"] == "files"
    garbage = system.upload.post("/v1/uploads", content=b"not a form",
                                 headers={"content-type": "multipart/form-data; boundary=zzz"})
    assert 400 <= garbage.status_code < 500
    assert system.upload.get("/v1/jobs/nope").status_code == 404
    assert system.api.get("/v1/cables/00NOWHERE1").status_code == 404


def test_entities_follow_indexing_and_are_browsable(system: System) -> None:
    seeds = sorted(SAMPLES.glob("*.txt"))
    body = _upload(system, [(p.name, p.read_bytes()) for p in seeds])
    job_id = str(body["job_id"])
    system.wait_job(job_id)
    deadline = time.monotonic() + 60
    while system.upload.get(f"/v1/jobs/{job_id}").json()["counts"]["cables_extracted"] < 2:
        assert time.monotonic() < deadline, "extraction did not follow indexing"
        time.sleep(0.3)
    s = system.wiring.settings
    system.wiring.search.indices.refresh(index=f"{s.index_alias},{s.entities_alias}")
    record = system.api.get("/v1/cables/09ASTANA497").json()
    assert "person:zhanar-aitzhanova" in {e["id"] for e in record["entities"]}
    people = system.api.get("/v1/entities", params={"type": "person", "q": "Aitzhanova"}).json()["items"]
    assert people and people[0]["id"] == "person:zhanar-aitzhanova" and people[0]["cables"] == 2
    detail = system.api.get("/v1/entities/person:zhanar-aitzhanova").json()
    assert {c["reference_id"] for c in detail["items"]} == {"09ASTANA497", "09ASTANA1145"}
