"""Celery shell of stage ``extract``: a batch of reference ids in, entities stored and indexed."""

from __future__ import annotations

from celery.signals import worker_process_init

from cablestream.infra.workershell import worker_shell
from cablestream.pipeline.lifecycle import register
from cablestream.pipeline.messages import ExtractRecords
from cablestream.pipeline.stages.extract import extract_records

shell = worker_shell("extract")
app, wiring = shell.app, shell.wiring
extract = register(app, wiring, ExtractRecords, "extract", extract_records, shell.settings.task_max_retries)


def _warm_model(**_: object) -> None:
    # Load the language model once per worker process, before the first message, not inside it: the
    # recognizer extraction runs, not the whole model (which nothing in the worker reads; ~100 MB more).
    from cablestream.extraction.model import recognizer
    from cablestream.infra.heap import settle

    recognizer()
    settle()  # the model's objects stay out of the cycle collector's passes


worker_process_init.connect(_warm_model, weak=False)
