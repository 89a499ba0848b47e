"""The part every HTTP service shares: settings, logging, wiring, problem details, metrics, health."""

from __future__ import annotations

from fastapi import FastAPI

from cablestream.http import problems, unavailable
from cablestream.http.health import health_router
from cablestream.http.metrics import install_metrics
from cablestream.http.problems import error_responses
from cablestream.http.strict import STRICT_QUERY
from cablestream.infra.wiring import Wiring
from cablestream.logging import configure_logging
from cablestream.settings import Settings


def service_app(service: str, title: str, description: str, settings: Settings | None = None) -> FastAPI:
    """A FastAPI app with the shared plumbing installed; the service adds its routers."""
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_json)
    wiring = Wiring(settings)
    # Every route the service adds refuses query parameters it does not declare (400, documented on each).
    app = FastAPI(title=title, version="1.0.0", description=description, dependencies=[STRICT_QUERY],
                  responses=error_responses(400))
    app.state.wiring = wiring
    problems.install(app)
    unavailable.install(app)
    install_metrics(app, service, wiring)
    app.include_router(health_router(wiring))
    return app
