"""Celery shell of stage ``index``: batches of reference ids in, bulk upserts out."""

from __future__ import annotations

from celery.signals import worker_process_init

from cablestream.errors import InfrastructureError
from cablestream.infra.workershell import worker_shell
from cablestream.logging import get_logger
from cablestream.pipeline.lifecycle import register
from cablestream.pipeline.messages import DrainPending, IndexRecords
from cablestream.pipeline.stages.index import drain_pending, index_named
from cablestream.pipeline.sweep import PendingSweep

shell = worker_shell("index")
app, wiring, settings = shell.app, shell.wiring, shell.settings
log = get_logger(__name__)

# Drain what the parse stage left pending (it sends one of these per batch it adds), and index named
# cables (retries of failure records, re-indexing).
index_pending = register(app, wiring, DrainPending, "index", drain_pending, settings.task_max_retries)
index = register(app, wiring, IndexRecords, "index", index_named, settings.task_max_retries)
app.steps["consumer"].add(PendingSweep)  # a drain for members whose wake-up was lost


def _ensure_index(**_: object) -> None:
    # Every index worker makes sure the index and alias exist before its first bulk request; if a
    # server is down now, the first task retries until it is back.
    try:
        wiring.setup()
    except InfrastructureError as err:
        log.warning("setup deferred", error=str(err))


worker_process_init.connect(_ensure_index, weak=False)
