"""Celery shell of the express lane: small files parsed and their records indexed, on queues of their own
(``infra.queue.EXPRESS``), so that what a feed or a user sends is searchable while archives load.

Started with ``-Q parse-express,index-express``: the same stages as the parse and index workers, which
consume these queues too; this worker consumes nothing else, so it is free when they are busy with
archives.
"""

from __future__ import annotations

from cablestream.infra.workershell import worker_shell
from cablestream.pipeline.lifecycle import register
from cablestream.pipeline.messages import DrainPending, IndexRecords, ParseFile, ParseFiles
from cablestream.pipeline.stages.index import drain_pending, index_named
from cablestream.pipeline.stages.parse import parse_file, parse_files, warm_up
from cablestream.pipeline.sweep import PendingSweep

warm_up()  # before the pool forks: its children share the parser's data
shell = worker_shell("express")
app, wiring, settings = shell.app, shell.wiring, shell.settings
parse = register(app, wiring, ParseFile, "parse", parse_file, settings.task_max_retries)
parse_many = register(app, wiring, ParseFiles, "parse", parse_files, settings.task_max_retries)
index = register(app, wiring, IndexRecords, "index", index_named, settings.task_max_retries)
index_pending = register(app, wiring, DrainPending, "index", drain_pending, settings.task_max_retries)
app.steps["consumer"].add(PendingSweep)  # a drain for members whose wake-up was lost
