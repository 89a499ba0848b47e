"""The Celery application: stages are queues, routes are declared here and only here.

Task names are stable dotted paths; what each task's message holds is ``pipeline.messages``.
No result backend: no task ever waits on another.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.signals import celeryd_after_setup

from cablestream.infra import leases
from cablestream.infra.transport import TRANSPORT
from cablestream.settings import Settings

TASK_PARSE = "cablestream.parse.file"
TASK_PARSE_FILES = "cablestream.parse.files"
TASK_INDEX = "cablestream.index.records"
TASK_INDEX_PENDING = "cablestream.index.pending"
TASK_EXTRACT = "cablestream.extract.records"

QUEUE_PARSE, QUEUE_INDEX, QUEUE_EXTRACT = "parse", "index", "extract"
QUEUES = (QUEUE_PARSE, QUEUE_INDEX, QUEUE_EXTRACT)  # one per stage
# The express lane: small files (a feed's, one upload's) and their records, kept apart from archives so
# that one cable is searchable in well under a second while an archive loads.  The workers of a stage
# consume its express queue too (so express work never waits for want of a consumer), and an express
# worker consumes only these, so archives never hold it up.
EXPRESS = {QUEUE_PARSE: "parse-express", QUEUE_INDEX: "index-express"}
# The queues each worker service is started on (-Q); deploy/local/services.sh and deploy/docker/worker.sh
# spell the same.
WORKER_QUEUES = {"parse": QUEUE_PARSE, "index": QUEUE_INDEX, "extract": QUEUE_EXTRACT,
                 "express": ",".join(EXPRESS.values())}

ROUTES = {
    TASK_PARSE: {"queue": QUEUE_PARSE},
    TASK_PARSE_FILES: {"queue": QUEUE_PARSE},
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
        # Redis, with the work of a killed child given back at the front of its queue (infra.transport).
        broker_transport=TRANSPORT,
        # A message a worker holds comes back to its queue after the lease, unless renewed (infra.leases);
        # every live consumer sweeps for such messages every few seconds.
        broker_transport_options={"visibility_timeout": settings.task_lease_seconds,
                                  "unacked_restore_interval": 5, "unacked_restore_throttle": 1},
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        enable_utc=True,
    )
    leases.install(app)
    return app


@celeryd_after_setup.connect(dispatch_uid="cablestream-express-lanes")
def _consume_express_lanes(sender: str, instance: Any, **_: Any) -> None:
    """A worker started on a stage's queue (``-Q parse``) consumes that stage's express queue too."""
    queues = instance.app.amqp.queues
    for name in list(queues.consume_from or {}):
        if name in EXPRESS:
            queues.select_add(EXPRESS[name])
