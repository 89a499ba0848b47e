"""The read API (FastAPI).  Run: ``uvicorn services.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI

from cablestream.http.app import service_app
from cablestream.settings import Settings
from services.api.ops import dashboard, failures, jobs, stats
from services.api.routes import cables, changes, entities, export, references


def create_app(settings: Settings | None = None) -> FastAPI:
    app = service_app("api", "cablestream read API", "Search and read parsed diplomatic cables.", settings)
    for module in (cables, references, export, changes, entities, failures, jobs, stats):
        app.include_router(module.router)
    dashboard.install(app)  # /dashboard and its /static assets
    return app
