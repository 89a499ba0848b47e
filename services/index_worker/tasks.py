"""Celery shell of stage ``index``: a batch of reference ids in, one bulk upsert out."""

from __future__ import annotations

from celery.signals import worker_process_init

from cablestream import throughput
from cablestream.errors import InfrastructureError
from cablestream.logging import get_logger
from cablestream.queue import TASK_EXTRACT, TASK_INDEX, enqueue
from cablestream.replay import resolve_for_references
from cablestream.stages.index import index_records
from cablestream.taskbase import StageTask
from cablestream.workershell import worker_shell

shell = worker_shell("index")
app, wiring, settings = shell.app, shell.wiring, shell.settings
log = get_logger(__name__)


@worker_process_init.connect
def _ensure_index(**_: object) -> None:
    # Every index worker makes sure the index and alias exist before its first bulk request; if a
    # server is down now, the first task retries until it is back.
    try:
        wiring.setup()
    except InfrastructureError as err:
        log.warning("setup deferred", error=str(err))


@app.task(name=TASK_INDEX, base=StageTask, bind=True, stage="index", wiring=wiring,
          max_retries=settings.task_max_retries)
def index(self: StageTask, job_id: str, reference_ids: list[str]) -> None:
    indexed = index_records(wiring, job_id, reference_ids)
    throughput.record(wiring.redis, "index", len(indexed))
    resolve_for_references(wiring, "index", indexed)
    if indexed and settings.extract_enabled:
        enqueue(app, TASK_EXTRACT, [job_id, indexed])
