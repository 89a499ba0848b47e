"""A backing server down: the stage retries with backoff, then leaves a failure record; nothing is lost,
and once the server is back one retry finishes the work.  The outage is real: the index worker is
pointed at a closed port on loopback, not at a mock."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from cablestream.auth.keys import SCOPES, KeyStore
from cablestream.infra.wiring import Wiring
from devtools.localsystem import drop_namespace, free_port, local_system, namespace_settings
from tests.conftest import REPO, SAMPLES

LOGS = REPO / ".cablestream" / "test-logs-transient"



def _wait(check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def test_search_outage_retries_then_records_and_replays() -> None:
    good = namespace_settings("cstransient", task_max_retries=1)
    broken = good.model_copy(update={"opensearch_url": f"http://127.0.0.1:{free_port()}"})
    wiring = Wiring(good)
    wiring.setup()
    _, key = KeyStore(wiring.redis).create("transient", list(SCOPES))
    auth = {"Authorization": f"Bearer {key}"}
    try:
        with local_system(broken, LOGS, 0, 0, concurrency={"extract": 0}) as urls:
            files = [("files", ("seed.txt", (SAMPLES / "09ASTANA497.txt").read_bytes()))]
            job_id = httpx.post(f"{urls.upload}/v1/uploads", files=files, headers=auth).json()["job_id"]
            _wait(lambda: any(f.stage == "index" for f in wiring.failures.query(job_id=None)))
        failure = next(f for f in wiring.failures.query() if f.stage == "index")
        assert failure.error_type == "SearchUnavailable" and failure.retryable
        job = wiring.jobs.get(job_id)
        assert job is not None and job["counts"]["cables_parsed"] == 1 and job["counts"]["cables_indexed"] == 0

        with local_system(good, LOGS, 0, 0, concurrency={"extract": 0}) as urls:  # the server is back
            assert httpx.post(f"{urls.api}/v1/failures/{failure.id}/retry", headers=auth).status_code == 202
            _wait(lambda: (wiring.jobs.get(job_id) or {})["state"] == "done")
            assert wiring.search.get(index=good.index_alias, id="09ASTANA497")["found"]
            _wait(lambda: (wiring.failures.get(failure.id) or failure).resolved)
    finally:
        drop_namespace(wiring)
