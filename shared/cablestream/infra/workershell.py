"""What every Celery worker service builds at start: settings, logging, the app, the wiring, and
its metrics endpoint.  The worker modules in ``services/`` add only their task."""

from __future__ import annotations

from dataclasses import dataclass

from celery import Celery
from celery.signals import worker_init, worker_process_init

from cablestream.infra import heap
from cablestream.infra.queue import make_celery
from cablestream.infra.wiring import Wiring
from cablestream.logging import configure_logging
from cablestream.metrics import serve_worker_metrics
from cablestream.settings import Settings


@dataclass(frozen=True)
class WorkerShell:
    settings: Settings
    app: Celery
    wiring: Wiring


def worker_shell(stage: str) -> WorkerShell:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    shell = WorkerShell(settings, make_celery(settings, f"cablestream-{stage}"), Wiring(settings))

    def serve_metrics(**_: object) -> None:
        if settings.metrics_port:  # in the worker's parent, once; children write to the multiprocess dir
            serve_worker_metrics(settings.metrics_port, settings.metrics_host)

    def tune_heap(**_: object) -> None:  # in each pool child, before its first task
        heap.tune_for(settings)

    worker_init.connect(serve_metrics, weak=False)
    worker_process_init.connect(tune_heap, weak=False)
    return shell
