"""The upload service (FastAPI).  Run: ``uvicorn services.upload.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI

from cablestream.http.app import service_app
from cablestream.settings import Settings
from services.upload.routes import router


def create_app(settings: Settings | None = None) -> FastAPI:
    app = service_app("upload", "cablestream upload", "Stream cable files into storage and follow their jobs.",
                      settings)
    app.include_router(router)
    return app
