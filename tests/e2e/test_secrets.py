"""No secret in a log line or an error answer.

A whole system runs as processes (``local_system``), at DEBUG, as a Redis ACL user of its own whose
password is random, so any leak of it is found by a plain search; the MinIO secret and the API keys are
searched for too.  The run uploads good and bad files, fails requests in the ways clients do, and then
every log it wrote (and the local servers' own logs) is read.  A service whose Redis password is wrong
must answer 503 without the password, and log none of it either.
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from cablestream.auth.keys import SCOPES, KeyStore
from cablestream.infra.wiring import Wiring
from cablestream.settings import Settings
from devtools.localsystem import drop_namespace, local_system, namespace_settings
from services.upload.app import create_app as upload_app
from tests.conftest import REPO, SAMPLES, SESSION


@dataclass
class Run:
    log_dir: Path
    secrets: dict[str, str]  # what -> the secret


def _server_log_dir() -> Path:
    """Where deploy/local/env.sh keeps the local servers' logs."""
    default = "/var/lib/cablestream" if os.geteuid() == 0 else str(Path.home() / ".local/state/cablestream")
    return Path(os.environ.get("CABLESTREAM_VAR", default)) / "log"


def _wait_job(client: httpx.Client, job_id: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while client.get(f"/v1/jobs/{job_id}").json()["state"] not in {"done", "failed"}:
        assert time.monotonic() < deadline, f"job {job_id} did not finish"
        time.sleep(0.3)


def _exercise(upload: httpx.Client, api: httpx.Client, key: str) -> None:
    """What makes services and workers log: work, failed work, refused and failing requests."""
    files = [("files", (p.name, io.BytesIO(p.read_bytes()))) for p in sorted(SAMPLES.glob("*.txt"))]
    files.append(("files", ("noise.bin", io.BytesIO(os.urandom(4096)))))  # a parse failure record
    accepted = upload.post("/v1/uploads", files=files)
    assert accepted.status_code == 202, accepted.text
    _wait_job(upload, accepted.json()["job_id"])
    assert api.get("/v1/cables", params={"q": "Aitzhanova"}).status_code == 200
    assert api.get("/v1/failures").status_code == 200
    assert api.get("/v1/cables", params={"q": "((("}).status_code == 400
    assert api.get("/v1/failures", params={"job": "x"}).status_code == 400
    assert api.get("/v1/cables", headers={"Authorization": "Bearer csk_wrong"}).status_code == 401
    assert api.get("/dashboard", params={"key": key}, headers={"Authorization": ""}).status_code == 200


@pytest.fixture(scope="module")
def run() -> Iterator[Run]:
    user, password = f"cstest-{SESSION}-secrets", f"pw-{secrets.token_urlsafe(24)}"
    base = namespace_settings("cssecrets")
    admin = Wiring(base)
    admin.redis.acl_setuser(user, enabled=True, reset=True, passwords=[f"+{password}"], keys=["*"], channels=["*"],
                            commands=["+@all"])
    settings = base.model_copy(update={"redis_username": user, "redis_password": SecretStr(password),
                                       "log_level": "DEBUG"})
    w = Wiring(settings)
    w.setup()
    _, key = KeyStore(w.redis).create("secrets-test", list(SCOPES))
    log_dir = REPO / ".cablestream" / f"test-logs-{SESSION}-secrets"
    auth = {"Authorization": f"Bearer {key}"}
    try:
        with local_system(settings, log_dir, 0, 0) as urls, \
                httpx.Client(base_url=urls.upload, timeout=30, headers=auth) as upload, \
                httpx.Client(base_url=urls.api, timeout=30, headers=auth) as api:
            _exercise(upload, api, key)
        found = {"Redis password": password, "MinIO secret": settings.s3_secret_key, "API key": key}
        dev_key = REPO / ".cablestream" / "dev-key"
        if dev_key.exists():
            found["make run's API key"] = dev_key.read_text().strip()
        yield Run(log_dir, found)
    finally:
        drop_namespace(w)
        admin.redis.acl_deluser(user)


def test_no_log_line_of_a_run_carries_a_secret(run: Run) -> None:
    logs = sorted(p for p in run.log_dir.iterdir() if p.is_file())
    assert {"upload.log", "api.log", "worker-parse.log", "worker-index.log"} <= {p.name for p in logs}
    text = {p: p.read_text(errors="replace") for p in logs}
    assert sum(len(t) for t in text.values()) > 1000  # the run did log (DEBUG): the search means something
    servers = _server_log_dir()
    if servers.is_dir():  # Redis, MinIO, OpenSearch and `make services`' logs, when they run here
        text |= {p: p.read_text(errors="replace") for p in servers.iterdir() if p.is_file()}
    leaks = [f"{what} in {path}" for path, t in text.items() for what, secret in run.secrets.items() if secret in t]
    assert not leaks, leaks


def test_a_wrong_redis_password_is_a_503_that_names_no_secret(wiring: Wiring,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    wrong = f"pw-{secrets.token_urlsafe(24)}"
    settings: Settings = wiring.settings.model_copy(update={"redis_password": SecretStr(wrong)})
    with caplog.at_level(logging.DEBUG), TestClient(upload_app(settings)) as client:
        answers = [client.get("/readyz"),
                   client.get("/v1/jobs/x", headers={"Authorization": "Bearer csk_x"}),
                   client.post("/v1/uploads", headers={"Authorization": "Bearer csk_x"},
                               files=[("files", ("a.txt", io.BytesIO(b"x")))])]
    assert [a.status_code for a in answers] == [503, 503, 503], [a.text for a in answers]
    assert answers[1].json()["backend"] == "redis"
    for answer in answers:
        assert wrong not in answer.text and settings.s3_secret_key not in answer.text
    assert caplog.text and wrong not in caplog.text
