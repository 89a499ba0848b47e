"""The whole system as processes (see ``devtools.localsystem``), on ports of its own, against the
session's test namespace."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from cablestream.auth.keys import SCOPES, KeyStore
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.pending import index_pending
from devtools.localsystem import local_system
from tests.conftest import REPO, SESSION


@dataclass
class System:
    upload: httpx.Client
    api: httpx.Client
    wiring: Wiring
    key: str

    def wait_job(self, job_id: str, timeout: float = 120) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        job: dict[str, object] = {}
        while time.monotonic() < deadline:
            job = self.upload.get(f"/v1/jobs/{job_id}").json()
            if job["state"] in {"done", "failed"}:
                return job
            time.sleep(0.3)
        raise AssertionError(f"job {job_id} did not finish in {timeout}s: {job}")


@pytest.fixture(scope="session")
def system(wiring: Wiring) -> Iterator[System]:
    # Stage-level tests of the session hand off through the pending sets as well as through the messages
    # they collect; the running workers would drain those leftovers into the index and into searches.
    for express in (False, True):
        pending = index_pending(wiring.redis, express)
        wiring.redis.delete(pending.key, pending.records_key, pending.wake_key)
    _, key = KeyStore(wiring.redis).create("e2e", list(SCOPES))
    auth = {"Authorization": f"Bearer {key}"}
    with local_system(wiring.settings, REPO / ".cablestream" / f"test-logs-{SESSION}", 0, 0) as urls, \
            httpx.Client(base_url=urls.upload, timeout=30, headers=auth) as up, \
            httpx.Client(base_url=urls.api, timeout=30, headers=auth) as api:
        yield System(up, api, wiring, key)
