"""Feed benchmark: delay from an object landing in the incoming bucket to its cable being searchable.

The system runs as real processes (``devtools.localsystem``) plus a bucket feed process, in a
namespace of its own (``namespace_settings``: Redis database, buckets and indices of this run).
Each file is put by a plain S3 client, one at a time, and timed until the feed has opened its job
(pickup) and until the cable is found in OpenSearch (searchable).  The baseline, measured in the
same run on the same kind of files, is the same files enqueued directly (``cablestream.pipeline.ingest``):
the difference is what the feed adds.

  from bench import feed; feed.run(Path("../shared/corpus"), runs=20)
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis
from minio import Minio
from minio.notificationconfig import NotificationConfig, QueueConfig

from bench.corpus import BenchFile, distinct_cables, source_files
from bench.stats import summary_ms
from cablestream.feeds.events import EventKeys
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.ingest import enqueue_files, store_upload
from cablestream.settings import Settings
from cablestream.state.jobs import PREFIX as JOB_PREFIX
from devtools.localsystem import drop_namespace, local_system, namespace_settings, settings_env

REPO = Path(__file__).resolve().parents[1]
LOGS = REPO / ".cablestream" / "bench-logs"
MINIO_DELIVERY_TICK = 3.0  # internal/store retryInterval in MinIO


def run(corpus: Path | None, runs: int = 20) -> dict[str, Any]:
    settings = namespace_settings("csbench")
    incoming = f"{settings.bucket}-in"
    w = Wiring(settings)
    w.setup()
    s3 = Minio(settings.s3_endpoint, access_key=settings.s3_access_key, secret_key=settings.s3_secret_key,
               secure=settings.s3_secure)
    files = source_files(corpus)
    try:
        with local_system(settings, LOGS, 0, 0, concurrency={"parse": 2, "index": 1, "extract": 0}), \
                _feed(settings, incoming):
            _wait(lambda: s3.bucket_exists(incoming) and bool(s3.get_bucket_notification(incoming)
                                                               .queue_config_list), 30)
            warm = list(distinct_cables(files, 2, "5"))
            _through_feed(w, s3, incoming, warm[:1])  # first-call costs (connections, imports) are not latency
            _direct(w, warm[1:])
            feed = _through_feed(w, s3, incoming, list(distinct_cables(files, runs, "6")))
            direct = _direct(w, list(distinct_cables(files, runs, "4")))
            notify = _notify_delay(w, s3, f"{incoming}-probe", min(runs, 10))
    finally:
        _cleanup(w, s3, incoming)
        _cleanup_bucket(w, s3, f"{incoming}-probe")
    searchable, baseline = summary_ms(feed["searchable"]), summary_ms(direct)
    return {"runs": runs, "bucket_to_searchable": searchable, "bucket_to_job": summary_ms(feed["pickup"]),
            "minio_put_to_event_in_redis": summary_ms(notify),
            "direct_enqueue_to_searchable": baseline,
            "feed_overhead_p50_ms": round(searchable["p50_ms"] - baseline["p50_ms"], 1)}


def _notify_delay(w: Wiring, s3: Minio, probe: str, runs: int) -> list[float]:
    """MinIO's own delivery delay: a bucket that notifies but has no feed; the running feed only routes
    its events into the probe's list, where they are timed."""
    s3.make_bucket(probe)
    s3.set_bucket_notification(probe, NotificationConfig(queue_config_list=[
        QueueConfig(queue=w.settings.feed_notify_arn, events=["s3:ObjectCreated:*"])]))
    events = redis.Redis.from_url(w.settings.redis_dsn(w.settings.feed_events_redis_url))
    waiting = EventKeys(w.settings.feed_events_key, probe).waiting
    out = []
    for i in range(runs):
        before = events.llen(waiting)
        start = time.perf_counter()
        s3.put_object(probe, f"p{i}", io.BytesIO(b"probe"), 5)
        _wait(_grown(lambda: events.llen(waiting), before), 30, poll=0.005)
        out.append(time.perf_counter() - start)
        _off_beat()
    return out


def _off_beat() -> None:
    """A random pause: with a queue dir, MinIO delivers events on a 3 s ticker, and puts made in step
    with it would measure one fixed phase instead of the average delay."""
    time.sleep(random.uniform(0, MINIO_DELIVERY_TICK))


def _through_feed(w: Wiring, s3: Minio, incoming: str, batch: list[BenchFile]) -> dict[str, list[float]]:
    pickup, searchable = [], []
    for item in batch:
        _off_beat()
        jobs_before = w.redis.zcard(f"{JOB_PREFIX}s")
        start = time.perf_counter()
        s3.put_object(incoming, item.name, io.BytesIO(item.data), len(item.data))
        _wait(_grown(lambda: w.redis.zcard(f"{JOB_PREFIX}s"), jobs_before), 60, poll=0.005)
        pickup.append(time.perf_counter() - start)
        _wait_searchable(w, item.reference_id)
        searchable.append(time.perf_counter() - start)
    return {"pickup": pickup, "searchable": searchable}


def _direct(w: Wiring, batch: list[BenchFile]) -> list[float]:
    out = []
    for item in batch:
        start = time.perf_counter()
        enqueue_files(w, [(item.name, store_upload(w, io.BytesIO(item.data)))], source="bench")
        _wait_searchable(w, item.reference_id)
        out.append(time.perf_counter() - start)
    return out


@contextmanager
def _feed(settings: Settings, bucket: str) -> Iterator[None]:
    LOGS.mkdir(parents=True, exist_ok=True)
    with (LOGS / "feed-bucket.log").open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "services.feed", "bucket", bucket], cwd=REPO,
                                env=os.environ | settings_env(settings), stdout=log, stderr=subprocess.STDOUT)
    try:
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_searchable(w: Wiring, reference_id: str) -> None:
    query = {"query": {"term": {"reference_id": reference_id}}}
    _wait(lambda: w.search.count(index=w.settings.index_alias, body=query)["count"] >= 1, 120, poll=0.02)


def _grown(count: Callable[[], int], before: int) -> Callable[[], bool]:
    """A check for ``_wait``: the count has grown past ``before`` (bound here, not as a lambda default)."""
    return lambda: count() > before


def _wait(check: Callable[[], bool], timeout: float, poll: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(poll)
    raise TimeoutError(f"not done after {timeout}s")


def _cleanup(w: Wiring, s3: Minio, incoming: str) -> None:
    _cleanup_bucket(w, s3, incoming)
    drop_namespace(w)


def _cleanup_bucket(w: Wiring, s3: Minio, bucket: str) -> None:
    if s3.bucket_exists(bucket):
        s3.delete_bucket_notification(bucket)
        for obj in s3.list_objects(bucket, recursive=True):
            s3.remove_object(bucket, obj.object_name)
        s3.remove_bucket(bucket)
    keys = EventKeys(w.settings.feed_events_key, bucket)
    redis.Redis.from_url(w.settings.redis_dsn(w.settings.feed_events_redis_url)).delete(keys.waiting, keys.processing)
