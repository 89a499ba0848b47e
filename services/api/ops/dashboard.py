"""``/dashboard``: the operations page, plain HTML + JS + CSS from ``services/api/static``.

The page holds no data: its script polls ``/v1/stats``, ``/v1/jobs`` and ``/v1/failures`` every 2 s,
so it shows exactly what those resources return.  Assets are files in the package (no CDN), so the
page works on a machine without internet access.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
# The page must not leak its URL (it may carry ?key=) to other sites, nor be cached by proxies.
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
           "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"}

router = APIRouter(tags=["operations"])


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard() -> HTMLResponse:
    return HTMLResponse((STATIC_DIR / "dashboard.html").read_text(encoding="utf-8"), headers=HEADERS)


def install(app: FastAPI) -> None:
    """The page and its assets (``/static``), registered together so the app needs one line."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
