"""Prometheus instruments: counters and histograms updated by the code that does the work (stages,
bulk requests, HTTP requests, backend errors).  Nothing here knows the pipeline, so the search and
parsing code may count too; the gauges read from Redis at scrape time are ``pipeline.gauges``.
Celery's prefork children write to ``PROMETHEUS_MULTIPROC_DIR`` when it is set; the worker's parent
serves the merged view.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.multiprocess import MultiProcessCollector

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


def serve_worker_metrics(port: int, host: str = "127.0.0.1") -> None:
    """In a Celery worker's parent: serve the children's metrics merged from the multiprocess dir."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        start_http_server(port, addr=host)
        return
    registry = CollectorRegistry()
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    start_http_server(port, addr=host, registry=registry)
