"""Shared helpers of the feed tests (no tests here).

Feed tests count every job and every parse message (and the parse backlog) of their database, so they
run in a Redis database of their own, not the session's db 15: no other test's workers may take those
messages, and no other session's ``flushdb`` may wipe a feed's ledger mid-test.  Sessions running at the
same time (other engineers' ``make test``) each claim a different database among ``FEED_DBS`` with a lock
key that expires, so a crashed session frees its database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from cablestream.feeds.messages import waiting_parse_messages
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ParseFile
from cablestream.settings import Settings
from cablestream.state.jobs import PREFIX as JOB_PREFIX
from devtools.localsystem import settings_env
from tests.conftest import REPO, SESSION, make_test_settings

# Not 0 (make run), 12 (bench/feed.py), 14 (bench/pipeline.py), 15 (the session's namespace).
FEED_DBS = (13, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
LOCK = "cs:feedtest:lock"
BASE = (REPO / "samples" / "09ASTANA497.txt").read_bytes()


def feed_settings(w: Wiring | None = None, **overrides: object) -> Settings:
    """Settings of the feed tests: the claimed database (from ``w``), short stability and poll times."""
    db = w.settings.redis_url.rsplit("/", 1)[1] if w is not None else str(FEED_DBS[0])
    values: dict[str, object] = {"redis_url": f"redis://127.0.0.1:6390/{db}", "bucket": f"csfeed-{SESSION}",
                                 "feed_stable_seconds": 0.2, "feed_backlog_poll_seconds": 0.1}
    return make_test_settings(**(values | overrides))


def _claim_db() -> int:
    token = f"{SESSION}-{uuid.uuid4().hex[:6]}"
    for db in FEED_DBS:
        client = redis.Redis.from_url(make_test_settings().redis_dsn(f"redis://127.0.0.1:6390/{db}"))
        if client.set(LOCK, token, nx=True, ex=600):
            client.flushdb()  # leftovers of a session that died; the lock said nobody uses it now
            client.set(LOCK, token, ex=600)
            return db
    raise RuntimeError(f"no free Redis database for the feed tests among {FEED_DBS}")


@contextmanager
def feed_namespace() -> Iterator[Wiring]:
    """A Redis database and a bucket of this module's own, emptied before and removed after."""
    db = _claim_db()
    w = Wiring(feed_settings().model_copy(update={"redis_url": f"redis://127.0.0.1:6390/{db}"}))
    w.store.ensure_bucket()
    try:
        yield w
    finally:
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
        job = w.jobs.get(str(raw))  # a str: the client decodes responses
        if job and job["source"] == source:
            for f in job["files"]:
                out.setdefault(f["sha256"], []).append(job["job_id"])
    return out


def parse_messages_by_sha(w: Wiring) -> Counter[str]:
    return Counter(m.sha256 for m in waiting_parse_messages(w.redis) if isinstance(m, ParseFile))


def wait_until(check: Callable[[], bool], timeout: float, what: str, poll: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
