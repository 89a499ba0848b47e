"""A cap on the size of request bodies, enforced before they are parsed or stored.

A multipart upload is spooled to disk by the form parser before the route runs, so a check in the
route comes too late to protect the disk.  This route class refuses a body whose declared
``Content-Length`` is over the cap before reading a byte of it, and counts the bytes of a body that
declares none (chunked) as they arrive, stopping at the first byte over.  Either way the answer is a
413 problem naming the parameter, and nothing of the request has reached the route (so nothing of it
is stored).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive

from cablestream.http.problems import bad_param

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def body_limited(limit_of: Callable[[Request], int], param: str,
                 admit: Callable[[Request], None] | None = None) -> type[APIRoute]:
    """A route class whose requests may carry at most ``limit_of(request)`` bytes of body.  ``admit``
    (the key check) runs first, so a request that would be refused anyway is refused unread."""

    class BodyLimitedRoute(APIRoute):
        def get_route_handler(self) -> Handler:
            handler = super().get_route_handler()

            async def limited(request: Request) -> Response:
                if admit:
                    admit(request)
                limit = limit_of(request)
                declared = request.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise too_large(param, limit)
                return await handler(Request(request.scope, _counted(request.receive, param, limit)))

            return limited

    return BodyLimitedRoute


def too_large(param: str, limit: int) -> HTTPException:
    return bad_param(413, param, f"the request body is larger than the limit of {limit} bytes")


def _counted(receive: Receive, param: str, limit: int) -> Receive:
    received = 0

    async def counting() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:  # FastAPI re-raises an HTTPException met while reading the body
                raise too_large(param, limit)
        return message

    return counting
