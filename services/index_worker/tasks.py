"""Celery shell of stage ``index``: batches of reference ids in, bulk upserts out."""

from __future__ import annotations

from celery.signals import worker_process_init

from cablestream.errors import InfrastructureError
from cablestream.infra.queue import TASK_EXTRACT, TASK_INDEX, TASK_INDEX_PENDING, enqueue
from cablestream.infra.workershell import worker_shell
from cablestream.logging import get_logger
from cablestream.pipeline.lifecycle import StageTask
from cablestream.pipeline.replay import resolve_for_references, resolve_if_open
from cablestream.pipeline.stages.index import drain_pending, index_records
from cablestream.state import throughput
from cablestream.state.failures import failure_id

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


@app.task(name=TASK_INDEX_PENDING, base=StageTask, bind=True, stage="index", wiring=wiring,
          max_retries=settings.task_max_retries)
def index_pending(self: StageTask) -> None:
    """Drain what the parse stage left pending (it sends one of these per batch it adds)."""
    # A drain that gave up earlier (a server down) left one failure about the pending set as a whole;
    # any drain that indexes something shows the set moves again, so that failure is over.
    if drain_pending(wiring, _after):
        resolve_if_open(wiring, failure_id("index", whole_task=True))


@app.task(name=TASK_INDEX, base=StageTask, bind=True, stage="index", wiring=wiring,
          max_retries=settings.task_max_retries)
def index(self: StageTask, job_id: str, reference_ids: list[str]) -> None:
    """Index named cables (retries of failure records, re-indexing)."""
    _after(job_id, index_records(wiring, job_id, reference_ids))


def _after(job_id: str, indexed: list[str]) -> None:
    throughput.record(wiring.redis, "index", len(indexed))
    resolve_for_references(wiring, "index", indexed)
    if indexed and settings.extract_enabled:
        enqueue(app, TASK_EXTRACT, [job_id, indexed])
