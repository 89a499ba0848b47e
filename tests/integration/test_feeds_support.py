"""Shared helpers of the feed tests (no tests here).

Feed tests count every job and every parse message (and the parse backlog) of their database, so they
run in a Redis database of their own, not the session's: no other test's workers may take those
messages.  The database is claimed (``devtools.localsystem.claim_database``), so concurrent sessions on
one machine never share one.
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

from cablestream.feeds.messages import waiting_parse_messages
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ParseFile
from cablestream.settings import Settings
from cablestream.state.jobs import PREFIX as JOB_PREFIX
from devtools.localsystem import LOCAL_REDIS, claim_database, settings_env
from tests.conftest import REPO, SESSION, make_test_settings

BASE = (REPO / "samples" / "09ASTANA497.txt").read_bytes()


def feed_settings(w: Wiring, **overrides: object) -> Settings:
    """Settings of the feed tests: the namespace's database (from ``w``), short stability and poll times."""
    values: dict[str, object] = {"redis_url": w.settings.redis_url, "bucket": f"csfeed-{SESSION}",
                                 "feed_stable_seconds": 0.2, "feed_backlog_poll_seconds": 0.1}
    return make_test_settings(**(values | overrides))


@contextmanager
def feed_namespace() -> Iterator[Wiring]:
    """A Redis database (claimed, see ``claim_database``) and a bucket of this module's own, removed after."""
    db = claim_database(f"csfeed-{SESSION}-{uuid.uuid4().hex[:6]}")
    w = Wiring(make_test_settings(redis_url=f"{LOCAL_REDIS}/{db}", bucket=f"csfeed-{SESSION}",
                                  feed_stable_seconds=0.2, feed_backlog_poll_seconds=0.1))
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
