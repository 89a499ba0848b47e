"""Celery shell of stage ``parse``: one stored file in, records stored and index batches sent."""

from __future__ import annotations

from celery.signals import worker_init

from cablestream.logging import configure_logging
from cablestream.metrics import serve_worker_metrics
from cablestream.queue import TASK_INDEX, TASK_PARSE, enqueue, make_celery
from cablestream.settings import Settings
from cablestream.stages.parse import parse_file
from cablestream.taskbase import StageTask
from cablestream.wiring import Wiring

settings = Settings()
configure_logging(settings.log_level, settings.log_json)
app = make_celery(settings, "cablestream-parse")
wiring = Wiring(settings)


@worker_init.connect
def _serve_metrics(**_: object) -> None:
    if settings.metrics_port:
        serve_worker_metrics(settings.metrics_port, settings.metrics_host)


@app.task(name=TASK_PARSE, base=StageTask, bind=True, stage="parse", wiring=wiring,
          max_retries=settings.task_max_retries)
def parse(self: StageTask, job_id: str, file_index: int, sha256: str, name: str | None) -> None:
    def send_batch(ids: list[str]) -> None:
        enqueue(app, TASK_INDEX, [job_id, ids])

    parse_file(wiring, job_id, file_index, sha256, name, send_batch)
