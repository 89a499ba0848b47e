"""Celery shell of stage ``parse``: one stored file in, records stored and index batches sent."""

from __future__ import annotations

from cablestream.queue import TASK_INDEX, TASK_PARSE, enqueue
from cablestream.stages.parse import parse_file
from cablestream.taskbase import StageTask
from cablestream.workershell import worker_shell

shell = worker_shell("parse")
app, wiring = shell.app, shell.wiring


@app.task(name=TASK_PARSE, base=StageTask, bind=True, stage="parse", wiring=wiring,
          max_retries=shell.settings.task_max_retries)
def parse(self: StageTask, job_id: str, file_index: int, sha256: str, name: str | None) -> None:
    def send_batch(ids: list[str]) -> None:
        enqueue(app, TASK_INDEX, [job_id, ids])

    parse_file(wiring, job_id, file_index, sha256, name, send_batch)
