"""Celery shell of stage ``parse``: one stored file in, records stored and index batches sent."""

from __future__ import annotations

from cablestream.infra.workershell import worker_shell
from cablestream.pipeline.lifecycle import register
from cablestream.pipeline.messages import ParseFile
from cablestream.pipeline.stages.parse import parse_file

shell = worker_shell("parse")
app, wiring = shell.app, shell.wiring
parse = register(app, wiring, ParseFile, "parse", parse_file, shell.settings.task_max_retries)
