"""A backing server down, wherever a route meets it: a 503 problem with ``Retry-After`` naming the server.

Routes do not catch backend errors one by one.  Our typed errors (``InfrastructureError``: search,
storage, change feed) and the clients' raw ones that reach a route untranslated (``redis.RedisError``
from the key guard, jobs, failures and stats; OpenSearch transport errors from entities and stats;
Kombu's when the broker cannot take a message) are turned into the same answer by handlers registered
once per app.  The answer names the server (``backend``) but never repeats the client library's message:
it may hold internal addresses.  That message goes to the log, and the backend-errors counter counts it.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from kombu.exceptions import OperationalError as BrokerError
from opensearchpy.exceptions import RequestError, TransportError

from cablestream.errors import InfrastructureError
from cablestream.http.problems import problem
from cablestream.infra.storage import StorageError
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.metrics import BACKEND_ERRORS
from cablestream.search.client import SearchUnavailable
from cablestream.state.changes import ChangeFeedUnavailable

log = get_logger("cablestream.http")

# The first match along the error and its causes names the server.
_BACKENDS: tuple[tuple[type[BaseException], str], ...] = (
    (SearchUnavailable, "opensearch"), (TransportError, "opensearch"),
    (StorageError, "minio"),
    (ChangeFeedUnavailable, "redis"), (redis.RedisError, "redis"), (BrokerError, "redis"),
)
NAMES = {"opensearch": "OpenSearch (the search index)", "minio": "MinIO (the object store)",
         "redis": "Redis (keys, jobs, queues and the change feed)"}


@dataclass(frozen=True)
class Outage:
    backend: str | None  # opensearch | minio | redis; None: an InfrastructureError naming no known server
    detail: str


def outage(exc: BaseException) -> Outage | None:
    """What a backend error means to a client, or None when ``exc`` is not one (a bug: a 500)."""
    if isinstance(exc, RequestError):  # OpenSearch refused a request we built: retrying will not help
        return None
    if not isinstance(exc, InfrastructureError | TransportError | redis.RedisError | BrokerError):
        return None
    seen: BaseException | None = exc
    while seen is not None:
        for kind, backend in _BACKENDS:
            if isinstance(seen, kind):
                return Outage(backend, f"{NAMES[backend]} is unavailable; the request was not completed, "
                                       "retry later")
        seen = seen.__cause__
    return Outage(None, "a backing server is unavailable; the request was not completed, retry later")


def record(exc: BaseException, found: Outage, where: str) -> None:
    """Count and log an outage met while answering ``where`` (the route)."""
    BACKEND_ERRORS.labels(found.backend or "unknown").inc()
    log.warning("backend unavailable", backend=found.backend, route=where, error_type=type(exc).__name__,
                error=str(exc)[:500])


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    found = outage(exc)
    route = getattr(request.scope.get("route"), "path", request.url.path)
    if found is None:  # a raw client error that is not an outage (OpenSearch refusing our request)
        log.error("backend refused the request", route=route, error_type=type(exc).__name__, error=str(exc)[:500])
        return problem(500, "Internal server error", "the server failed to complete the request")
    record(exc, found, route)
    return problem(503, "Service unavailable", found.detail, backend=found.backend,
                   headers={"Retry-After": str(_retry_after(request))})


def _retry_after(request: Request) -> int:
    wiring: Wiring = request.app.state.wiring
    return wiring.settings.retry_after_seconds


def install(app: FastAPI) -> None:
    for kind in (InfrastructureError, TransportError, redis.RedisError, BrokerError):
        app.add_exception_handler(kind, _unavailable)
