"""Celery shell of stage ``parse``: stored files in (one large, or several small of a job), records
stored and index batches sent."""

from __future__ import annotations

from cablestream.infra.workershell import worker_shell
from cablestream.pipeline.lifecycle import register
from cablestream.pipeline.messages import ParseFile, ParseFiles
from cablestream.pipeline.stages.parse import parse_file, parse_files, warm_up

warm_up()  # before the pool forks: its children share the parser's data
shell = worker_shell("parse")
app, wiring = shell.app, shell.wiring
parse = register(app, wiring, ParseFile, "parse", parse_file, shell.settings.task_max_retries)
parse_many = register(app, wiring, ParseFiles, "parse", parse_files, shell.settings.task_max_retries)
