"""``/metrics`` on an HTTP service, and per-route request counters and latencies."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.metrics import HTTP_REQUESTS, HTTP_SECONDS
from cablestream.pipeline.gauges import PipelineCollector

access = get_logger("cablestream.access")


def install_metrics(app: FastAPI, service: str, wiring: Wiring) -> None:
    # The process-wide registry holds the counters; the pipeline gauges read this app's own Redis, so
    # they live in a registry of the app (a process that builds several apps, as tests do, keeps each
    # app's gauges on its own servers).
    pipeline = CollectorRegistry(auto_describe=True)
    pipeline.register(PipelineCollector(wiring.redis))

    @app.middleware("http")
    async def _observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        start = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "unmatched")  # the template, not the raw path
        HTTP_REQUESTS.labels(service, route, str(response.status_code)).inc()
        elapsed = time.perf_counter() - start
        HTTP_SECONDS.labels(service, route).observe(elapsed)
        # Our access log: the route template and status, never the query string (it may carry a key).
        access.info("request", service=service, method=request.method, route=route,
                    status=response.status_code, ms=round(elapsed * 1000, 1))
        return response

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(REGISTRY) + generate_latest(pipeline), media_type=CONTENT_TYPE_LATEST)
