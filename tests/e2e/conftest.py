"""The whole system as processes: both HTTP services and one Celery worker per stage, started on
ports of their own against the session's test namespace, and stopped at the end."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from cablestream.wiring import Wiring
from tests.conftest import REPO, settings_env

BIN = REPO / ".venv" / "bin"
UPLOAD_PORT, API_PORT = 18000, 18001


@dataclass
class System:
    upload: httpx.Client
    api: httpx.Client
    wiring: Wiring

    def wait_job(self, job_id: str, timeout: float = 120) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job: dict[str, object] = self.upload.get(f"/v1/jobs/{job_id}").json()
            if job["state"] in {"done", "failed"}:
                return job
            time.sleep(0.3)
        raise AssertionError(f"job {job_id} did not finish in {timeout}s: {job}")


def _spawn(args: list[str], env: dict[str, str], log_name: str) -> subprocess.Popen[bytes]:
    log = open(REPO / ".cablestream" / f"test-{log_name}.log", "wb")  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_http(url: str, procs: list[subprocess.Popen[bytes]], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("a service exited during start; see .cablestream/test-*.log")
        time.sleep(0.3)
    raise RuntimeError(f"{url} not ready after {timeout}s")


@pytest.fixture(scope="session")
def system(wiring: Wiring) -> Iterator[System]:
    (REPO / ".cablestream").mkdir(exist_ok=True)
    env = os.environ | settings_env(wiring.settings)
    procs = [
        _spawn([str(BIN / "uvicorn"), "services.upload.app:create_app", "--factory", "--port", str(UPLOAD_PORT)],
               env, "upload"),
        _spawn([str(BIN / "uvicorn"), "services.api.app:create_app", "--factory", "--port", str(API_PORT)],
               env, "api"),
    ]
    for stage in ("parse", "index"):
        procs.append(_spawn([str(BIN / "celery"), "-A", f"services.{stage}_worker.tasks", "worker", "-Q", stage,
                             "--concurrency", "1", "--hostname", f"{stage}-test@%h", "--without-gossip",
                             "--without-mingle", "--loglevel", "WARNING"], env, f"worker-{stage}"))
    try:
        _wait_http(f"http://127.0.0.1:{UPLOAD_PORT}/healthz", procs)
        _wait_http(f"http://127.0.0.1:{API_PORT}/healthz", procs)
        with httpx.Client(base_url=f"http://127.0.0.1:{UPLOAD_PORT}", timeout=30) as up, \
                httpx.Client(base_url=f"http://127.0.0.1:{API_PORT}", timeout=30) as api:
            yield System(up, api, wiring)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
