"""``/healthz`` (the process answers) and ``/readyz`` (its backing servers answer).

Both are open (no key: orchestrators and load balancers probe them), so ``/readyz`` says only which
server is not ready and a fixed reason class, never the client library's message (it may hold
addresses, user names, bucket names).  That message goes to the log, with the server's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal

import redis
import urllib3
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from minio.error import S3Error
from opensearchpy.exceptions import ConnectionError as SearchConnectionError
from pydantic import BaseModel, Field

from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.search.client import ping
from cablestream.search.errors import SearchRejected

Reason = Literal["ok", "unreachable", "refused", "failing"]
# The server answered but turned us away (credentials, permissions): waiting will not make it ready.
_REFUSED = (redis.AuthenticationError, redis.exceptions.AuthorizationError, redis.exceptions.NoPermissionError,
            S3Error, SearchRejected)
# No answer at all: nothing listens, the network drops us, or the server is too slow to say anything.
_UNREACHABLE = (OSError, redis.ConnectionError, redis.TimeoutError, urllib3.exceptions.TimeoutError,
                urllib3.exceptions.ProtocolError, SearchConnectionError)
log = get_logger("cablestream.http")


class Health(BaseModel):
    status: str
    checks: dict[str, Reason] = Field(default={}, description=(
        "server -> ok; unreachable (no answer); refused (it answered but turned us away: credentials, "
        "permissions); failing (it answered with an error)"))


def health_router(wiring: Wiring) -> APIRouter:
    router = APIRouter(tags=["health"])
    checks: dict[str, Callable[[], object]] = {
        "redis": wiring.redis.ping,
        "minio": wiring.store.ping,
        "opensearch": lambda: ping(wiring.search),
        "broker": lambda: _broker(wiring),
    }

    @router.get("/healthz", response_model=Health)
    def healthz() -> Health:
        return Health(status="ok")

    @router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
    def readyz() -> JSONResponse:
        results = {name: _check(name, fn) for name, fn in checks.items()}
        ok = all(v == "ok" for v in results.values())
        body = Health(status="ok" if ok else "unavailable", checks=results)
        return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

    return router


def _broker(wiring: Wiring) -> None:
    # The queues' own connection (Celery's broker URL and transport), not merely the Redis the app reads.
    with wiring.celery.connection_for_write() as connection:
        connection.ensure_connection(max_retries=0)


def _check(name: str, fn: Callable[[], object]) -> Reason:
    try:
        fn()
    except Exception as err:  # any failure means "not ready"; the client's message stays in the log
        reason = reason_of(err)
        log.warning("not ready", backend=name, reason=reason, error_type=type(err).__name__, error=str(err)[:300])
        return reason
    return "ok"


def reason_of(err: BaseException) -> Reason:
    """The reason class of a failed check, from the error and what caused it."""
    chain = list(_chain(err))
    if any(isinstance(e, _REFUSED) for e in chain):
        return "refused"
    if any(isinstance(e, _UNREACHABLE) for e in chain):
        return "unreachable"
    return "failing"


def _chain(err: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        yield err
        reason = getattr(err, "reason", None)  # urllib3's MaxRetryError keeps its cause there
        if isinstance(reason, BaseException):
            yield reason
        err = err.__cause__ or err.__context__
