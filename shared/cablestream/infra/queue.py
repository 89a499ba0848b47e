"""The Celery application: stages are queues, routes are declared here and only here.

Task names are stable dotted paths; messages carry ids and object keys, never file bytes.
No result backend: no task ever waits on another.
"""

from __future__ import annotations

import time
from typing import Any

from celery import Celery

from cablestream.settings import Settings

TASK_PARSE = "cablestream.parse.file"
TASK_INDEX = "cablestream.index.records"
TASK_INDEX_PENDING = "cablestream.index.pending"
TASK_EXTRACT = "cablestream.extract.records"

QUEUE_PARSE, QUEUE_INDEX, QUEUE_EXTRACT = "parse", "index", "extract"
QUEUES = (QUEUE_PARSE, QUEUE_INDEX, QUEUE_EXTRACT)

ROUTES = {
    TASK_PARSE: {"queue": QUEUE_PARSE},
    TASK_INDEX: {"queue": QUEUE_INDEX},
    TASK_INDEX_PENDING: {"queue": QUEUE_INDEX},
    TASK_EXTRACT: {"queue": QUEUE_EXTRACT},
}


def make_celery(settings: Settings, name: str = "cablestream") -> Celery:
    app = Celery(name, broker=settings.redis_dsn())  # kombu masks the password wherever it prints the URL
    app.conf.update(
        task_routes=ROUTES,
        task_default_queue=QUEUE_PARSE,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_backend=None,
        # At-least-once: a message is acknowledged only after its task finished; a worker that dies
        # mid-task leaves it to be redelivered, and every task is idempotent.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 3600},
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        enable_utc=True,
    )
    return app


RETRY_OF = "cs_retry_of"  # header of a message sent to retry a failure record: its id


def enqueue(app: Celery, task: str, args: list[Any], retry_of: str | None = None) -> None:
    """Send a task by name; the ``enqueued_at`` header lets metrics tell how long messages wait."""
    headers: dict[str, Any] = {"enqueued_at": time.time()}
    if retry_of:
        headers[RETRY_OF] = retry_of
    app.send_task(task, args=args, headers=headers)
