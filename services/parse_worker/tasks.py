"""Celery shell of stage ``parse``: one stored file in, records stored and index batches sent."""

from __future__ import annotations

from cablestream.infra.queue import TASK_INDEX_PENDING, TASK_PARSE, enqueue
from cablestream.infra.workershell import worker_shell
from cablestream.pipeline.lifecycle import StageTask
from cablestream.pipeline.pending import PendingSet
from cablestream.pipeline.stages.parse import parse_file

shell = worker_shell("parse")
app, wiring = shell.app, shell.wiring
pending = PendingSet(wiring.redis, "index")


@app.task(name=TASK_PARSE, base=StageTask, bind=True, stage="parse", wiring=wiring,
          max_retries=shell.settings.task_max_retries)
def parse(self: StageTask, job_id: str, file_index: int, sha256: str, name: str | None) -> None:
    def send_batch(ids: list[str]) -> None:
        # Pending ids are drained by the index stage in batches across files (cablestream.pipeline.pending).
        pending.add(job_id, ids)
        enqueue(app, TASK_INDEX_PENDING, [])

    parse_file(wiring, job_id, file_index, sha256, name, send_batch)
