"""``/metrics`` on an HTTP service, and per-route request counters and latencies."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from cablestream.metrics import HTTP_REQUESTS, HTTP_SECONDS, PipelineCollector
from cablestream.wiring import Wiring

_collector_installed = False


def install_metrics(app: FastAPI, service: str, wiring: Wiring) -> None:
    global _collector_installed
    if not _collector_installed:  # one process-wide registry: register the Redis gauges once
        REGISTRY.register(PipelineCollector(wiring.redis))
        _collector_installed = True

    @app.middleware("http")
    async def _observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        start = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "unmatched")  # the template, not the raw path
        HTTP_REQUESTS.labels(service, route, str(response.status_code)).inc()
        HTTP_SECONDS.labels(service, route).observe(time.perf_counter() - start)
        return response

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
