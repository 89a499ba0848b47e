"""Errors as RFC 9457 problem details (``application/problem+json``), naming the bad parameter."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM = "application/problem+json"


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    param: str | None = None
    errors: list[dict[str, Any]] | None = None
    backend: str | None = Field(None, description="503: the backing server that is unavailable (redis, minio "
                                                  "or opensearch); 502: the one that refused our request")
    backend_status: int | None = Field(None, description="502: the status the backing server answered")


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for problem-details errors, under the media type they are really sent with."""
    content = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {code: {"model": Problem, "content": content} for code in codes}


def problem(status: int, title: str, detail: str, param: str | None = None,
            errors: list[dict[str, Any]] | None = None, backend: str | None = None,
            headers: dict[str, str] | None = None, backend_status: int | None = None) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail, param=param, errors=errors, backend=backend,
                   backend_status=backend_status)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM,
                        headers=headers)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    headers = dict(exc.headers or {})
    param = headers.pop("X-Problem-Param", None)  # ours, for the body; the rest (WWW-Authenticate) go out
    response = problem(exc.status_code, _title(exc.status_code), detail, param)
    response.headers.update(headers)
    return response


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"param": ".".join(str(p) for p in e.get("loc", ())[1:]) or None, "message": _message(e)}
              for e in exc.errors()]
    first = errors[0] if errors else {"param": None, "message": "invalid request"}
    return problem(422, "Invalid request", f"{first['param']}: {first['message']}", first["param"], errors)


def _message(error: dict[str, Any]) -> str:
    """The validator's message, in the client's terms: FastAPI's for a form field sent where a file was
    expected names a Python class (``Expected UploadFile, received: <class 'str'>``)."""
    message = str(error.get("msg", "invalid"))
    if "Expected UploadFile" in message:
        return "expected a file part (a Content-Disposition with a filename), not a plain form field"
    return message


async def _internal_error(_: Request, exc: Exception) -> JSONResponse:
    # Starlette answers with this, then re-raises, so the server still logs the traceback.
    return problem(500, "Internal server error", "the server failed to complete the request")


def install(app: FastAPI) -> None:
    """Client errors and bugs as problem details; backends down: ``cablestream.http.unavailable``."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _internal_error)


def _title(status: int) -> str:
    return {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
            409: "Conflict", 410: "Gone", 413: "Payload too large", 422: "Invalid request",
            500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable"}.get(status, "Error")


def bad_param(status: int, param: str, detail: str) -> StarletteHTTPException:
    """An HTTPException that names the offending parameter in the problem body."""
    headers = {"X-Problem-Param": param}
    if status == 401:  # RFC 9110: a 401 says how to authenticate
        headers["WWW-Authenticate"] = "Bearer"
    return StarletteHTTPException(status, detail, headers=headers)
