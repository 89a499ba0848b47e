"""A stage task that meets Redis down waits for it before sending its retry: Redis is also the broker,
and Celery drops a message whose retry it cannot publish (found by ``make chaos``, redis-kill).  On a
Redis of the test's own, stopped and started again, so the servers of ``make test`` are not touched."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablestream.infra.wiring import Wiring
from cablestream.pipeline.lifecycle import await_redis
from devtools.localsystem import free_port
from tests.conftest import make_test_settings
from tests.integration.test_local_redis_acl import LocalRedis


@pytest.fixture
def local(tmp_path: Path) -> Iterator[LocalRedis]:
    server = LocalRedis(tmp_path, free_port())
    server.script("start")
    yield server
    server.script("stop")


def _wiring(local: LocalRedis, wait: float) -> Wiring:
    return Wiring(make_test_settings(redis_url=f"redis://127.0.0.1:{local.port}/0", redis_password="first-secret",
                                     redis_outage_wait_seconds=wait))


def test_a_task_waits_for_redis_to_come_back(local: LocalRedis) -> None:
    w = _wiring(local, wait=60)
    assert w.redis.ping()
    local.script("stop")
    restart = threading.Timer(2.0, local.script, args=("start",))
    restart.start()
    started = time.monotonic()
    try:
        assert await_redis(w)
    finally:
        restart.join()
    assert time.monotonic() - started >= 1.5  # it did wait for the restart, not answer at once
    assert w.redis.ping()


def test_the_wait_is_bounded(local: LocalRedis) -> None:
    w = _wiring(local, wait=1.0)
    local.script("stop")
    started = time.monotonic()
    assert not await_redis(w)
    assert time.monotonic() - started < 30
