"""``/healthz`` (the process answers) and ``/readyz`` (its backing servers answer)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from cablestream.infra.wiring import Wiring


class Health(BaseModel):
    status: str
    checks: dict[str, str] = {}


def health_router(wiring: Wiring) -> APIRouter:
    router = APIRouter(tags=["health"])
    checks: dict[str, Callable[[], object]] = {
        "redis": wiring.redis.ping,
        "minio": wiring.store.ping,
        "opensearch": lambda: wiring.search.cluster.health(),
    }

    @router.get("/healthz", response_model=Health)
    def healthz() -> Health:
        return Health(status="ok")

    @router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
    def readyz() -> JSONResponse:
        results = {name: _check(fn) for name, fn in checks.items()}
        ok = all(v == "ok" for v in results.values())
        body = Health(status="ok" if ok else "unavailable", checks=results)
        return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

    return router


def _check(fn: Callable[[], object]) -> str:
    try:
        fn()
    except Exception as err:  # any failure means "not ready"; the reason goes in the body
        return f"error: {type(err).__name__}: {err}"[:300]
    return "ok"
