"""Back-pressure, with the directory feed as a real process: it pauses when the parse backlog passes
the bound and resumes once it drained (here the test drains the queue, as parse workers would)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablestream.feeds.backpressure import should_pause
from cablestream.feeds.dirfeed import SOURCE
from cablestream.infra.queue import EXPRESS, QUEUE_PARSE
from cablestream.infra.wiring import Wiring
from tests.integration.test_feeds_support import (
    FeedProcess,
    cable_bytes,
    feed_namespace,
    feed_settings,
    jobs_by_sha,
    wait_until,
)

pytestmark = pytest.mark.servers
FEED_LANE = EXPRESS[QUEUE_PARSE]  # a feed's files are small: the express lane


@pytest.fixture(scope="module")
def w() -> Iterator[Wiring]:
    with feed_namespace() as wiring:
        yield wiring


def test_hysteresis() -> None:
    assert not should_pause(False, 3, high=3, low=1) and should_pause(False, 4, high=3, low=1)
    assert should_pause(True, 2, high=3, low=1) and not should_pause(True, 1, high=3, low=1)


def test_pauses_above_the_bound_and_resumes_when_drained(w: Wiring, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i in range(10):
        (inbox / f"f{i}.txt").write_bytes(cable_bytes(f"bp{i}"))
    # A parse message per file, so that the backlog moves file by file (the gate counts messages; a
    # feed's files that arrive together share one of up to parse_batch_files).
    settings = feed_settings(w, feed_max_backlog=3, feed_resume_backlog=1, parse_batch_files=1)
    status = f"cs:feed:dir:{inbox.resolve()}:status"
    feed = FeedProcess(settings, ["dir", str(inbox)], tmp_path / "feed.log").start()
    try:
        wait_until(lambda: w.redis.hget(status, "paused") == "1", 20, "the pause")
        # Paused with the backlog at 4 (> 3): no more jobs while nothing drains.
        assert w.redis.llen(FEED_LANE) == 4

        time.sleep(1.0)
        assert len(jobs_by_sha(w, SOURCE)) == 4
        # Drain to 2: still above the resume mark (1), so still paused.
        w.redis.rpop(FEED_LANE, 2)
        time.sleep(0.5)
        assert len(jobs_by_sha(w, SOURCE)) == 4 and w.redis.hget(status, "paused") == "1"
        # Drain to 1: it resumes, and pauses again once the backlog passes 3.
        w.redis.rpop(FEED_LANE, 1)
        wait_until(lambda: len(jobs_by_sha(w, SOURCE)) == 7, 10, "three more files")
        wait_until(lambda: w.redis.hget(status, "pauses") == "2", 10, "the second pause")
        w.redis.delete(FEED_LANE)
        wait_until(lambda: len(jobs_by_sha(w, SOURCE)) == 10, 10, "the rest")
        wait_until(lambda: w.redis.hget(status, "paused") == "0", 10, "the resume")
    finally:
        feed.stop()
