"""Celery shell of stage ``extract``: a batch of reference ids in, entities stored and indexed."""

from __future__ import annotations

from celery.signals import worker_process_init

from cablestream.infra.queue import TASK_EXTRACT
from cablestream.infra.workershell import worker_shell
from cablestream.pipeline.lifecycle import StageTask
from cablestream.pipeline.replay import resolve_for_references
from cablestream.pipeline.stages.extract import extract_records

shell = worker_shell("extract")
app, wiring = shell.app, shell.wiring


@worker_process_init.connect
def _warm_model(**_: object) -> None:
    # Load the language model once per worker process, before the first message, not inside it.
    from cablestream.extraction.model import ner

    ner()


@app.task(name=TASK_EXTRACT, base=StageTask, bind=True, stage="extract", wiring=wiring,
          max_retries=shell.settings.task_max_retries)
def extract(self: StageTask, job_id: str | None, reference_ids: list[str], force: bool = False) -> None:
    done = extract_records(wiring, job_id, reference_ids, force=force)
    resolve_for_references(wiring, "extract", done)
