"""Shared helpers of the feed tests (no tests here).

Feed tests run in Redis db 13, not the session's db 15: they count every job and every parse message
in their database, so no other test's workers may take those messages and no other session's
``flushdb`` may wipe a feed's ledger mid-test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cablestream.feeds.messages import waiting_parse_args
from cablestream.jobs import PREFIX as JOB_PREFIX
from cablestream.localsystem import settings_env
from cablestream.settings import Settings
from cablestream.wiring import Wiring
from tests.conftest import REPO, SESSION, make_test_settings

FEED_DB = 13
BASE = (REPO / "samples" / "09ASTANA497.txt").read_bytes()


def feed_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {"redis_url": f"redis://127.0.0.1:6390/{FEED_DB}", "bucket": f"csfeed-{SESSION}",
                                 "feed_stable_seconds": 0.2, "feed_backlog_poll_seconds": 0.1}
    return make_test_settings(**(values | overrides))


@contextmanager
def feed_namespace() -> Iterator[Wiring]:
    """Db 13 and a bucket of this session, emptied before and removed after."""
    w = Wiring(feed_settings())
    w.redis.flushdb()
    w.store.ensure_bucket()
    yield w
    client = w.store._client
    for obj in client.list_objects(w.settings.bucket, recursive=True):
        client.remove_object(w.settings.bucket, obj.object_name)
    client.remove_bucket(w.settings.bucket)
    w.redis.flushdb()


def cable_bytes(tag: str) -> bytes:
    """Distinct bytes per tag (the feed only ingests; what the parser makes of them does not matter here)."""
    return BASE + f"\n{tag}\n".encode()


class FeedProcess:
    """``python -m services.feed ...`` as a real child process."""

    def __init__(self, settings: Settings, args: list[str], log: Path) -> None:
        self.settings, self.args, self.log = settings, args, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> FeedProcess:
        env = os.environ | settings_env(self.settings)
        with self.log.open("ab") as handle:
            self.proc = subprocess.Popen([sys.executable, "-m", "services.feed", *self.args], env=env, cwd=REPO,
                                         stdout=handle, stderr=subprocess.STDOUT)
        return self

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def jobs_by_sha(w: Wiring, source: str) -> dict[str, list[str]]:
    """Every job of a feed source, by the content hash of its one file."""
    out: dict[str, list[str]] = {}
    for raw in w.redis.zrange(f"{JOB_PREFIX}s", 0, -1):
        job = w.jobs.get(raw.decode())
        if job and job["source"] == source:
            for f in job["files"]:
                out.setdefault(f["sha256"], []).append(job["job_id"])
    return out


def parse_messages_by_sha(w: Wiring) -> Counter[str]:
    return Counter(args[2] for args in waiting_parse_args(w.redis))


def wait_until(check: Callable[[], bool], timeout: float, what: str, poll: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
