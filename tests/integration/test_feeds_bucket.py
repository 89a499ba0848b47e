"""The bucket feed as a real process: objects any S3 client puts are ingested once, across a kill -9,
through MinIO's Redis notifications (events wait in Redis while the feed is down)."""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from minio import Minio

from cablestream.feeds.bucketfeed import SOURCE
from cablestream.feeds.events import EventKeys
from cablestream.feeds.ledger import Ledger
from cablestream.infra.storage import raw_key
from cablestream.infra.wiring import Wiring
from tests.conftest import SESSION
from tests.integration.test_feeds_support import (
    FeedProcess,
    cable_bytes,
    feed_namespace,
    jobs_by_sha,
    parse_messages_by_sha,
    wait_until,
)

pytestmark = pytest.mark.servers
INCOMING = f"csfeed-{SESSION}-in"


@pytest.fixture(scope="module")
def w() -> Iterator[Wiring]:
    with feed_namespace() as wiring:
        yield wiring


@pytest.fixture
def s3(w: Wiring) -> Iterator[Minio]:
    """Any S3 client: a plain one of our own, not the feed's."""
    s = w.settings
    client = Minio(s.s3_endpoint, access_key=s.s3_access_key, secret_key=s.s3_secret_key, secure=False)
    yield client
    events = redis.Redis.from_url(s.redis_dsn(s.feed_events_redis_url))
    keys = EventKeys(s.feed_events_key, INCOMING)
    if client.bucket_exists(INCOMING):
        client.delete_bucket_notification(INCOMING)
        for obj in client.list_objects(INCOMING, recursive=True):
            client.remove_object(INCOMING, obj.object_name)
        client.remove_bucket(INCOMING)
    events.delete(keys.waiting, keys.processing)


def _put(s3: Minio, key: str, data: bytes) -> str:
    s3.put_object(INCOMING, key, io.BytesIO(data), len(data))
    return hashlib.sha256(data).hexdigest()


def test_every_object_once_across_kill_and_restart(w: Wiring, s3: Minio, tmp_path: Path) -> None:
    feed = FeedProcess(w.settings, ["bucket", INCOMING], tmp_path / "feed.log").start()
    keys = EventKeys(w.settings.feed_events_key, INCOMING)
    events = redis.Redis.from_url(w.settings.redis_dsn(w.settings.feed_events_redis_url))
    try:
        wait_until(lambda: s3.bucket_exists(INCOMING) and len(s3.get_bucket_notification(INCOMING)
                                                               .queue_config_list) == 2, 20, "the subscriptions")
        # Both targets: the one that sends at once, the one that replays what Redis missed.
        subscribed = {q.queue for q in s3.get_bucket_notification(INCOMING).queue_config_list}
        assert subscribed == {w.settings.feed_notify_arn, w.settings.feed_notify_durable_arn}
        expected = {_put(s3, f"batch one/c {i}+x.txt", cable_bytes(f"o{i}")) for i in range(60)}
        wait_until(lambda: len(jobs_by_sha(w, SOURCE)) >= 10, 20, "the first jobs")
        feed.kill()
        at_kill = len(jobs_by_sha(w, SOURCE))
        # While it is down: events queue in Redis; a copy of known bytes under another key; a re-put.
        expected |= {_put(s3, f"later/d{i}.txt", cable_bytes(f"p{i}")) for i in range(20)}
        _put(s3, "copy-of-c2.txt", cable_bytes("o2"))
        _put(s3, "batch one/c 3+x.txt", cable_bytes("o3"))
        feed.start()
        wait_until(lambda: set(jobs_by_sha(w, SOURCE)) >= expected, 30, "every object")
        expected.add(_put(s3, "late.txt", cable_bytes("late")))
        wait_until(lambda: set(jobs_by_sha(w, SOURCE)) >= expected, 15, "the late object")
        wait_until(lambda: events.llen(keys.waiting) + events.llen(keys.processing) == 0, 10, "drained events")
        time.sleep(0.5)  # anything extra would show up now
    finally:
        feed.stop()
    jobs = jobs_by_sha(w, SOURCE)
    assert 0 < at_kill < 60, "the kill should land mid-way"
    assert set(jobs) == expected
    assert all(len(ids) == 1 for ids in jobs.values()), {s: ids for s, ids in jobs.items() if len(ids) > 1}
    messages = parse_messages_by_sha(w)
    assert {sha: messages[sha] for sha in expected} == dict.fromkeys(expected, 1)
    assert all(w.store.exists(raw_key(sha)) for sha in expected)
    ledger = Ledger(w.redis, f"bucket:{INCOMING}")
    assert ledger.unfinished() == {} and ledger.count() == len(expected)
