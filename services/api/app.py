"""The read API (FastAPI).  Run: ``uvicorn services.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI

from cablestream.http import problems
from cablestream.http.health import health_router
from cablestream.http.metrics import install_metrics
from cablestream.logging import configure_logging
from cablestream.settings import Settings
from cablestream.wiring import Wiring
from services.api.ops import dashboard, failures, jobs, stats
from services.api.routes import cables, changes, entities, export, references


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_json)
    wiring = Wiring(settings)
    app = FastAPI(title="cablestream read API", version="1.0.0",
                  description="Search and read parsed diplomatic cables.")
    app.state.wiring = wiring
    problems.install(app)
    install_metrics(app, "api", wiring)
    app.include_router(health_router(wiring))
    app.include_router(cables.router)
    app.include_router(references.router)
    app.include_router(export.router)
    app.include_router(changes.router)
    app.include_router(entities.router)
    for ops_router in (failures.router, jobs.router, stats.router):
        app.include_router(ops_router)
    dashboard.install(app)  # /dashboard and its /static assets
    return app
