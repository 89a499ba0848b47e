"""Celery shell of stage ``parse``: one stored file in, records stored and index batches sent."""

from __future__ import annotations

from cablestream.pending import PendingSet
from cablestream.queue import TASK_INDEX_PENDING, TASK_PARSE, enqueue
from cablestream.stages.parse import parse_file
from cablestream.taskbase import StageTask
from cablestream.workershell import worker_shell

shell = worker_shell("parse")
app, wiring = shell.app, shell.wiring
pending = PendingSet(wiring.redis, "index")


@app.task(name=TASK_PARSE, base=StageTask, bind=True, stage="parse", wiring=wiring,
          max_retries=shell.settings.task_max_retries)
def parse(self: StageTask, job_id: str, file_index: int, sha256: str, name: str | None) -> None:
    def send_batch(ids: list[str]) -> None:
        # Pending ids are drained by the index stage in batches across files (cablestream.pending).
        pending.add(job_id, ids)
        enqueue(app, TASK_INDEX_PENDING, [])

    parse_file(wiring, job_id, file_index, sha256, name, send_batch)
