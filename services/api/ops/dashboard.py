"""``/dashboard``: the operations page, plain HTML + JS + CSS from ``services/api/static``.

The page holds no data: its script polls ``/v1/stats``, ``/v1/jobs`` and ``/v1/failures`` every 2 s,
so it shows exactly what those resources return.  Assets are files in the package (no CDN), so the
page works on a machine without internet access.

A browser cannot send a Bearer header when it navigates, so the page takes an ``admin`` key as
``?key=``.  The script moves it to sessionStorage (and out of the address bar) and sends it as a
Bearer header on its fetches; the response also sets it as an HttpOnly cookie valid only for this
path, so a reload of ``/dashboard`` (now without ``?key=``) is still admitted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.staticfiles import StaticFiles

from cablestream.auth.guard import AUTH_ERRORS, Credentials
from cablestream.auth.keys import KeyStore
from cablestream.http.problems import bad_param

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
COOKIE = "cs_dashboard_key"
COOKIE_SECONDS = 12 * 3600
# The page must not leak its URL (it may carry ?key=) to other sites, nor be cached or framed.
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
           "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"}
KeyParam = Annotated[str | None, Query(max_length=200, description="an API key with the admin scope")]

router = APIRouter(tags=["operations"])


def admin_token(request: Request, credentials: Credentials, key: KeyParam = None) -> str:
    """The admin key from ``?key=``, the Bearer header or the page's cookie; 401/403 otherwise."""
    token = key or _bearer(credentials) or request.cookies.get(COOKIE)
    if not token:
        raise bad_param(401, "key", "an API key with the admin scope is required: open /dashboard?key=<key>")
    found = KeyStore(request.app.state.wiring.redis).verify(token)
    if found is None:
        raise bad_param(401, "key", "the API key is unknown or revoked")
    if not found.allows("admin"):
        raise bad_param(403, "key", "the API key lacks the 'admin' scope")
    return token


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False, responses=AUTH_ERRORS)
def dashboard(request: Request, token: Annotated[str, Depends(admin_token)]) -> HTMLResponse:
    response = HTMLResponse((STATIC_DIR / "dashboard.html").read_text(encoding="utf-8"), headers=HEADERS)
    response.set_cookie(COOKIE, token, max_age=COOKIE_SECONDS, path="/dashboard", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


def install(app: FastAPI) -> None:
    """The page and its assets (``/static``), registered together so the app needs one line."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def _bearer(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials else None
