"""The upload service (FastAPI).  Run: ``uvicorn services.upload.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI

from cablestream.http import problems
from cablestream.http.health import health_router
from cablestream.http.metrics import install_metrics
from cablestream.logging import configure_logging
from cablestream.settings import Settings
from cablestream.wiring import Wiring
from services.upload.routes import router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_json)
    wiring = Wiring(settings)
    app = FastAPI(title="cablestream upload", version="1.0.0",
                  description="Stream cable files into storage and follow their jobs.")
    app.state.wiring = wiring
    problems.install(app)
    install_metrics(app, "upload", wiring)
    app.include_router(health_router(wiring))
    app.include_router(router)
    return app
