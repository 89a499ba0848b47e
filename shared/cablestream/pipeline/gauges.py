"""Gauges read from Redis when scraped (queue depth, age of the oldest waiting message, failure records,
cables pending for the index), so they are true whichever process is scraped."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import redis
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from cablestream.infra.queue import EXPRESS, QUEUES
from cablestream.metrics import BACKEND_ERRORS
from cablestream.pipeline.pending import index_backlog
from cablestream.state.failures import OPEN as OPEN_FAILURES


class PipelineCollector(Collector):
    """Backlog and failure gauges, read from Redis when scraped."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily("cablestream_queue_depth", "Messages waiting per stage", labels=["queue"])
        age = GaugeMetricFamily("cablestream_queue_oldest_age_seconds", "Age of the oldest waiting message",
                                labels=["queue"])
        failures = GaugeMetricFamily("cablestream_failure_records", "Failure records kept")
        open_failures = GaugeMetricFamily("cablestream_failures_open", "Failure records not yet resolved")
        pending = GaugeMetricFamily("cablestream_index_pending_cables", "Cables parsed and waiting to be indexed")
        try:
            for queue in (*QUEUES, *EXPRESS.values()):
                depth.add_metric([queue], float(self.r.llen(queue)))
                age.add_metric([queue], oldest_age(self.r, queue))
            failures.add_metric([], float(self.r.zcard("cs:failures")))
            open_failures.add_metric([], float(self.r.zcard(OPEN_FAILURES)))
            pending.add_metric([], float(index_backlog(self.r)))
        except redis.RedisError:
            BACKEND_ERRORS.labels("redis").inc()
            return
        yield from (depth, age, failures, open_failures, pending)


def oldest_age(client: redis.Redis, queue: str) -> float:
    """Seconds the oldest message of a queue has waited (Celery pushes left, pops right)."""
    raw = client.lindex(queue, -1)
    if raw is None:
        return 0.0
    try:
        enqueued = float(json.loads(raw)["headers"]["enqueued_at"])
    except (KeyError, TypeError, ValueError):
        return 0.0
    return max(0.0, time.time() - enqueued)
