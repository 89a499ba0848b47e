"""Prometheus metrics.

Two kinds: counters and histograms updated by the code that does the work (stages, HTTP requests,
backend errors), and gauges read from Redis at scrape time (queue depth, age of the oldest waiting
message, failure records), so they are true whichever process is scraped.  Celery's prefork children
write to ``PROMETHEUS_MULTIPROC_DIR`` when it is set; the worker's parent serves the merged view.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator

import redis
from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from cablestream.infra.queue import QUEUES
from cablestream.pipeline.pending import PendingSet
from cablestream.state.failures import OPEN as OPEN_FAILURES

STAGE_PROCESSED = Counter("cablestream_stage_processed_total", "Messages a stage finished", ["stage"])
STAGE_FAILED = Counter("cablestream_stage_failed_total", "Messages a stage failed", ["stage", "error_type"])
STAGE_SECONDS = Histogram("cablestream_stage_duration_seconds", "Time a stage spent on one message", ["stage"],
                          buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120))
STAGE_ITEMS = Counter("cablestream_stage_items_total", "Cables (or files) a stage handled", ["stage", "outcome"])
BULK_SIZE = Histogram("cablestream_bulk_size", "Documents per OpenSearch bulk request", ["stage"],
                      buckets=(1, 5, 10, 25, 50, 100, 200, 500, 1000))
BACKEND_ERRORS = Counter("cablestream_backend_errors_total", "Errors talking to a backing server", ["backend"])
HTTP_REQUESTS = Counter("cablestream_http_requests_total", "HTTP requests", ["service", "route", "status"])
HTTP_SECONDS = Histogram("cablestream_http_request_duration_seconds", "HTTP request latency", ["service", "route"])


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
            for queue in QUEUES:
                depth.add_metric([queue], float(self.r.llen(queue)))
                age.add_metric([queue], oldest_age(self.r, queue))
            failures.add_metric([], float(self.r.zcard("cs:failures")))
            open_failures.add_metric([], float(self.r.zcard(OPEN_FAILURES)))
            pending.add_metric([], float(PendingSet(self.r, "index").size()))
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


def serve_worker_metrics(port: int, host: str = "127.0.0.1") -> None:
    """In a Celery worker's parent: serve the children's metrics merged from the multiprocess dir."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        start_http_server(port, addr=host)
        return
    registry = CollectorRegistry()
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    start_http_server(port, addr=host, registry=registry)
