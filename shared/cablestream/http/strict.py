"""Strict query strings: a parameter that a route does not declare is a 400 problem naming it.

Starlette hands every query parameter to the app and FastAPI reads only those it declared, so a
misspelt filter (``?job=`` for ``?job_id=``) is silently dropped: a list answers everything, and a
bulk retry by filter would retry everything.  One app-wide dependency compares the request's keys
with what the matched route declares, its own parameters and every dependency's (auth, paging, ...),
so each route is covered without declaring anything twice.  Installed by ``service_app``.
"""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute
from pydantic import BaseModel

from cablestream.http.problems import bad_param

# Kept on the route itself (routes are not hashable): its dependency tree is fixed once it exists, so it
# is walked once, not per request.
_ATTR = "_cablestream_query_params"


def declared_query(dependant: Dependant) -> frozenset[str]:
    """The query parameter names (aliases) a route and all its dependencies take."""
    names: set[str] = set()
    stack = [dependant]
    while stack:
        current = stack.pop()
        for field in current.query_params:
            model = field.field_info.annotation
            if isinstance(model, type) and issubclass(model, BaseModel):  # a query model: its fields
                names.update(info.alias or name for name, info in model.model_fields.items())
            else:
                names.add(field.alias)
        stack.extend(current.dependencies)
    return frozenset(names)


async def reject_unknown_query(request: Request) -> None:
    # ``async``, as it only reads: FastAPI runs a plain ``def`` dependency in its thread pool, two thread
    # hops per request of every route.
    # The route as declared (FastAPI keeps included routers whole and sets this on a match): its dependant
    # holds its own and its router's dependencies.  A query parameter declared only by a dependency given
    # to include_router() would not be seen here; the services declare none there.
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):  # mounts (static files), the docs pages: not ours to police
        return
    known: frozenset[str] | None = getattr(route, _ATTR, None)
    if known is None:
        known = declared_query(route.dependant)
        setattr(route, _ATTR, known)
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise bad_param(400, unknown[0], f"unknown query parameter {unknown[0]!r} (this route takes: {takes})")


STRICT_QUERY: DependsParam = Depends(reject_unknown_query)
