"""Leases on held messages (``infra.leases``), with real worker processes on the real Redis: the work
of a worker killed with kill -9 comes back to a live worker, and a live worker's long task is not
handed to a second one although it outlasts the lease many times."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from cablestream.infra.queue import make_celery
from cablestream.settings import Settings
from devtools.localsystem import settings_env
from tests.conftest import REPO, make_test_settings
from tests.fixtures.lease_worker import QUEUE

LEASE = 4  # seconds: short, so that the test is; production uses 40


@pytest.fixture
def settings() -> Settings:
    return make_test_settings(task_lease_seconds=LEASE)


@pytest.fixture
def notes(settings: Settings) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(settings.redis_dsn(), decode_responses=True)
    client.delete(QUEUE)
    yield client
    client.delete(QUEUE)


def _worker(settings: Settings, name: str, log_dir: Path) -> subprocess.Popen[bytes]:
    env = os.environ | settings_env(settings)
    # A session of its own: kill -9 of its process group is a whole worker dying, children included.
    with (log_dir / f"{name}.log").open("wb") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([str(Path(sys.executable).parent / "celery"), "-A", "tests.fixtures.lease_worker",
                                 "worker", "-Q", QUEUE, "--concurrency", "1", "--hostname", f"{name}@%h",
                                 "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
                                env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _wait(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {what}")


def _stop(*procs: subprocess.Popen[bytes]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def test_a_long_task_keeps_its_message_while_its_worker_lives(settings: Settings, notes: redis.Redis,
                                                               tmp_path: Path) -> None:
    token = uuid.uuid4().hex
    first, second = _worker(settings, "first", tmp_path), _worker(settings, "second", tmp_path)
    try:
        make_celery(settings).send_task("test.lease.hold", args=[token, 4 * LEASE], queue=QUEUE)
        _wait(lambda: notes.llen(f"lease:{token}:finished") == 1, 30 + 4 * LEASE, "the long task finished")
        time.sleep(LEASE + 6)  # a lapsed lease would have been swept back by now
        assert notes.llen(f"lease:{token}:started") == 1  # run once, by one worker
        assert notes.llen(QUEUE) == 0 and notes.hlen("unacked") == 0
    finally:
        _stop(first, second)


def test_the_work_of_a_killed_worker_resumes_on_a_live_one(settings: Settings, notes: redis.Redis,
                                                          tmp_path: Path) -> None:
    token = uuid.uuid4().hex
    doomed = _worker(settings, "doomed", tmp_path)
    survivor = None
    try:
        make_celery(settings).send_task("test.lease.hold", args=[token, 3600], queue=QUEUE)
        _wait(lambda: notes.llen(f"lease:{token}:started") == 1, 30, "the doomed worker started the task")
        os.killpg(doomed.pid, signal.SIGKILL)  # the whole worker, as the OOM killer or a lost host would
        doomed.wait(timeout=10)
        survivor = _worker(settings, "survivor", tmp_path)
        _wait(lambda: notes.llen(f"lease:{token}:started") == 2, 60, "the task started again on the survivor")
        (_, killed_at), (pid, resumed_at) = (str(s).split(":") for s in notes.lrange(f"lease:{token}:started", 0, -1))
        assert int(pid) != doomed.pid and float(resumed_at) > float(killed_at)
    finally:
        _stop(doomed, *([survivor] if survivor else []))
