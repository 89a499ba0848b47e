"""The express lane (``infra.queue.EXPRESS``) on running processes: the express worker alone parses,
indexes and serves a small file (no parse or index worker runs), and the parse and index workers of the
system consume their stage's express queue too, so express work never waits for want of a consumer."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import httpx

from cablestream.auth.keys import KeyStore
from cablestream.infra.wiring import Wiring
from devtools.localsystem import drop_namespace, local_system, namespace_settings
from tests.conftest import REPO, SAMPLES, SESSION
from tests.e2e.conftest import System


def test_the_express_worker_alone_takes_a_small_file_to_searchable(tmp_path: Path) -> None:
    wiring = Wiring(namespace_settings("cstest-express", extract_enabled=False))
    wiring.setup()
    _, key = KeyStore(wiring.redis).create("e2e", ["ingest", "read"])
    data = (SAMPLES / "09ASTANA497.txt").read_bytes().replace(b"09ASTANA497", b"77EXPRESS497")
    only_express = {"parse": 0, "index": 0, "extract": 0, "express": 1}
    try:
        with local_system(wiring.settings, tmp_path, 0, 0, concurrency=only_express) as urls, \
                httpx.Client(base_url=urls.upload, timeout=30, headers={"Authorization": f"Bearer {key}"}) as up:
            accepted = up.post("/v1/uploads", files=[("files", ("one.txt", io.BytesIO(data)))])
            assert accepted.status_code == 202, accepted.text
            job = _finished(up, accepted.json()["job_id"])
            assert job["state"] == "done" and job["counts"]["cables_indexed"] == 1, job
            # Searchable at once: a small bulk is refreshed by the index stage itself.
            hits = wiring.search.count(index=wiring.settings.index_alias,
                                       body={"query": {"term": {"reference_id": "77EXPRESS497"}}})["count"]
            assert hits == 1
    finally:
        drop_namespace(wiring)


def test_the_parse_and_index_workers_take_their_express_lane_too(system: System) -> None:
    logs = REPO / ".cablestream" / f"test-logs-{SESSION}"
    assert system.upload.get("/healthz").status_code == 200  # the system (and its workers) started
    banners = _banners(logs, ("parse", "index", "express"))
    assert ".> parse-express" in banners["parse"] and ".> parse " in banners["parse"]
    assert ".> index-express" in banners["index"] and ".> index " in banners["index"]
    assert ".> parse-express" in banners["express"] and ".> index-express" in banners["express"]
    assert ".> parse " not in banners["express"]  # never held up by an archive


def _finished(client: httpx.Client, job_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/v1/jobs/{job_id}").json()
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} not finished in {timeout}s")


def _banners(logs: Path, names: tuple[str, ...], timeout: float = 60) -> dict[str, str]:
    """The workers' start banners (the queues they consume): the system answers once its HTTP services
    do, and a worker may still be starting (it loads the parser's data before forking its pool)."""
    deadline = time.monotonic() + timeout
    while True:
        banners = {name: (logs / f"worker-{name}.log").read_text() for name in names}
        if all("[queues]" in text for text in banners.values()) or time.monotonic() > deadline:
            return banners
        time.sleep(0.2)
