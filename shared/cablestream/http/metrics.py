"""``/metrics`` on an HTTP service, and per-route request counters and latencies."""

from __future__ import annotations

import time

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.metrics import HTTP_REQUESTS, HTTP_SECONDS
from cablestream.pipeline.gauges import PipelineCollector

access = get_logger("cablestream.access")


class RequestMetrics:
    """Counts, times and logs every HTTP request, as a plain ASGI middleware: Starlette's
    ``BaseHTTPMiddleware`` (``@app.middleware("http")``) runs the app in a task of its own behind memory
    streams, ~10% of the read API's CPU per search, for a status code and a clock."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # an exception that escapes the app is answered 500 by the server-error layer outside

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            self._record(scope, status, time.perf_counter() - start)

    def _record(self, scope: Scope, status: int, elapsed: float) -> None:
        route = getattr(scope.get("route"), "path", "unmatched")  # the template, not the raw path
        HTTP_REQUESTS.labels(self.service, route, str(status)).inc()
        HTTP_SECONDS.labels(self.service, route).observe(elapsed)
        # Our access log: the route template and status, never the query string (it may carry a key).
        access.info("request", service=self.service, method=scope["method"], route=route,
                    status=status, ms=round(elapsed * 1000, 1))


def install_metrics(app: FastAPI, service: str, wiring: Wiring) -> None:
    # The process-wide registry holds the counters; the pipeline gauges read this app's own Redis, so
    # they live in a registry of the app (a process that builds several apps, as tests do, keeps each
    # app's gauges on its own servers).
    pipeline = CollectorRegistry(auto_describe=True)
    pipeline.register(PipelineCollector(wiring.redis))
    app.add_middleware(RequestMetrics, service=service)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(REGISTRY) + generate_latest(pipeline), media_type=CONTENT_TYPE_LATEST)
