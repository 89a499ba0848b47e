"""A backing server down, wherever a route meets it: a 503 problem with ``Retry-After`` naming the server.

Routes do not catch backend errors one by one.  Our typed errors (``InfrastructureError``: search,
storage, change feed) and the clients' raw ones that reach a route untranslated (``redis.RedisError``
from the key guard, jobs, failures and stats; Kombu's when the broker cannot take a message) are turned
into the same answer by handlers registered once per app.  The answer names the server (``backend``) but
never repeats the client library's message: it may hold internal addresses.  That message goes to the
log, and the backend-errors counter counts it.

OpenSearch refusing a request we built (``SearchRejected``: a 4xx) is no outage: retrying later would
get the same refusal, so it is a 502 (the gateway's backend refused) naming the backend and the status it
answered, without ``Retry-After``.  The OpenSearch client's own exceptions never get this far: the search
package classifies them where it calls the client (``cablestream.search.errors``).
"""

from __future__ import annotations

from dataclasses import dataclass

import redis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from kombu.exceptions import OperationalError as BrokerError

from cablestream.errors import InfrastructureError
from cablestream.http.problems import problem
from cablestream.infra.storage import StorageError
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.metrics import BACKEND_ERRORS
from cablestream.search.errors import SearchRejected, SearchUnavailable
from cablestream.state.changes import ChangeFeedUnavailable

log = get_logger("cablestream.http")

# The first match along the error and its causes names the server.
_BACKENDS: tuple[tuple[type[BaseException], str], ...] = (
    (SearchUnavailable, "opensearch"),
    (StorageError, "minio"),
    (ChangeFeedUnavailable, "redis"), (redis.RedisError, "redis"), (BrokerError, "redis"),
)
_SOME_SERVER = "a backing server is unavailable; the request was not completed, retry later"
NAMES = {"opensearch": "OpenSearch (the search index)", "minio": "MinIO (the object store)",
         "redis": "Redis (keys, jobs, queues and the change feed)"}


@dataclass(frozen=True)
class Outage:
    backend: str | None  # opensearch | minio | redis; None: an InfrastructureError naming no known server
    detail: str


def outage(exc: BaseException) -> Outage | None:
    """What a backend error means to a client, or None when ``exc`` is not one (a bug: a 500)."""
    if not isinstance(exc, InfrastructureError | redis.RedisError | BrokerError):
        return None
    seen: BaseException | None = exc
    while seen is not None:
        for kind, backend in _BACKENDS:
            if isinstance(seen, kind):
                return Outage(backend, f"{NAMES[backend]} is unavailable; the request was not completed, "
                                       "retry later")
        seen = seen.__cause__
    return Outage(None, _SOME_SERVER)


def record(exc: BaseException, found: Outage, where: str) -> None:
    """Count and log an outage met while answering ``where`` (the route)."""
    BACKEND_ERRORS.labels(found.backend or "unknown").inc()
    log.warning("backend unavailable", backend=found.backend, route=where, error_type=type(exc).__name__,
                error=str(exc)[:500])


def refusal_detail(exc: SearchRejected) -> str:
    """What a client is told of OpenSearch refusing our request: the backend and its status, never its
    message (it may quote documents or internal names)."""
    return (f"{NAMES['opensearch']} refused the request (status {exc.status}); the request was not completed "
            "and retrying will not help: report it")


def record_refusal(exc: SearchRejected, where: str) -> None:
    BACKEND_ERRORS.labels("opensearch").inc()
    log.error("backend refused the request", backend="opensearch", route=where, operation=exc.operation,
              status=exc.status, error_type=exc.error, reason=exc.reason)


async def _refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SearchRejected)
    record_refusal(exc, _route(request))
    return problem(502, "Bad gateway", refusal_detail(exc), backend="opensearch", backend_status=exc.status)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    found = outage(exc) or Outage(None, _SOME_SERVER)  # always an outage: installed for those kinds only
    record(exc, found, _route(request))
    return problem(503, "Service unavailable", found.detail, backend=found.backend,
                   headers={"Retry-After": str(_retry_after(request))})


def _route(request: Request) -> str:
    return str(getattr(request.scope.get("route"), "path", request.url.path))


def _retry_after(request: Request) -> int:
    wiring: Wiring = request.app.state.wiring
    return wiring.settings.retry_after_seconds


def install(app: FastAPI) -> None:
    for kind in (InfrastructureError, redis.RedisError, BrokerError):
        app.add_exception_handler(kind, _unavailable)
    app.add_exception_handler(SearchRejected, _refused)
