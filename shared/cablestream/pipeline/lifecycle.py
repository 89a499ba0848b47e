"""The base of every stage task: retry infrastructure errors, record everything else as a failure.

Data errors never reach here (stages turn them into failure records).  Infrastructure errors retry
with exponential, jittered backoff up to a cap; when the cap is reached, or a bug escapes, the
failure is recorded with what is needed to retry it, and the worker goes on.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import redis
import structlog
from celery import Task

from cablestream.errors import InfrastructureError
from cablestream.infra.queue import RETRY_OF
from cablestream.infra.storage import StorageError
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.metrics import BACKEND_ERRORS, STAGE_FAILED, STAGE_PROCESSED, STAGE_SECONDS
from cablestream.pipeline.replay import resolve_if_open
from cablestream.search.client import SearchUnavailable
from cablestream.state.failures import Failure, failure_id

log = get_logger(__name__)

DELIVERIES = "cs:deliveries"
WORKER_LOST = "WorkerLost"
RETRYABLE = (InfrastructureError, redis.ConnectionError, redis.TimeoutError, ConnectionError, TimeoutError)


class StageTask(Task):  # type: ignore[misc]
    """Set ``stage`` and ``wiring`` on the subclass (or via ``Task`` options)."""

    abstract = True
    stage = "unknown"
    wiring: Wiring
    autoretry_for = RETRYABLE
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 8
    acks_late = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # Every log line the stage writes carries the stage, the job and what the message is about.
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(stage=self.stage, job_id=args[0] if args else None,
                                               **{k: v for k, v in _subject(self.stage, args).items()
                                                  if k in {"sha256", "reference_id"}})
        delivery = self._delivery_key()
        if delivery and self._delivered_too_often(delivery, args):
            return None
        start = time.perf_counter()
        try:
            result = super().__call__(*args, **kwargs)
        except Exception as exc:
            cause = getattr(exc, "exc", None) or exc  # autoretry wraps the cause in Retry
            STAGE_FAILED.labels(self.stage, type(cause).__name__).inc()
            backend = _backend(cause)
            if backend:
                BACKEND_ERRORS.labels(backend).inc()
            raise
        finally:
            self._forget_delivery(delivery)
        STAGE_PROCESSED.labels(self.stage).inc()
        STAGE_SECONDS.labels(self.stage).observe(time.perf_counter() - start)
        self._resolve_own_failure(args)
        return result

    def _delivery_key(self) -> str | None:
        """Deliveries of this message, counted per try (a retry is a new message with the same id)."""
        request = getattr(self, "request", None)
        task_id = getattr(request, "id", None)
        return f"{DELIVERIES}:{task_id}:{getattr(request, 'retries', 0)}" if task_id else None

    def _delivered_too_often(self, key: str, args: tuple[Any, ...]) -> bool:
        """Late acknowledgement redelivers a message whose worker died, which is right for a crash but
        loops forever on a file that kills the worker each time (out of memory).  Count deliveries;
        past the limit, leave a failure record and acknowledge."""
        try:
            pipe = self.wiring.redis.pipeline(transaction=False)
            pipe.incr(key)
            pipe.expire(key, 7 * 86400)
            delivered = int(pipe.execute()[0])
        except redis.RedisError:  # cannot count: run it (Redis down fails the task soon anyway)
            return False
        limit = self.wiring.settings.task_max_deliveries
        if delivered <= limit:
            return False
        message = (f"the worker running this task died {delivered - 1} times before it finished (killed for "
                   f"memory or time?); it is not run again until retried by hand")
        self._record_failure(WORKER_LOST, message, args)
        self._forget_delivery(key)
        return True

    def _forget_delivery(self, key: str | None) -> None:
        if key:
            with contextlib.suppress(redis.RedisError):  # it expires on its own
                self.wiring.redis.delete(key)

    def _resolve_own_failure(self, args: tuple[Any, ...]) -> None:
        """A retry of a failed task went through: the failure it was sent for is over.  Only messages
        sent by a retry carry the header, so ordinary messages cost no lookup."""
        if not _header(self.request, RETRY_OF):
            return
        # The id _record_failure gave the failure of this same message (the name is not part of it).
        identity = {k: v for k, v in _subject(self.stage, args).items() if k != "name"}
        fid = failure_id(self.stage, **identity, whole_task=True)
        try:
            resolve_if_open(self.wiring, fid)
        except redis.RedisError as err:  # the work is done; the record stays open until the next success
            log.warning("could not resolve failure", failure_id=fid, error=str(err))

    def on_failure(self, exc: BaseException, task_id: str, args: tuple[Any, ...], kwargs: dict[str, Any],
                   einfo: Any) -> None:
        self._record_failure(type(exc).__name__, str(exc), args)

    def _record_failure(self, error_type: str, message: str, args: tuple[Any, ...]) -> None:
        job_id = str(args[0]) if args and args[0] else "unknown"
        failure = Failure(stage=self.stage, error_type=error_type, message=message[:2000],
                          job_id=job_id, retryable=True, task=self.name, args=list(args), whole_task=True,
                          **_subject(self.stage, args))
        try:
            fid = self.wiring.failures.record(failure)
            self.wiring.jobs.add_failure(job_id, fid)
            if self.stage == "parse" and len(args) > 1:
                self.wiring.jobs.update_file(job_id, int(args[1]), state="failed", error=message[:500])
        except redis.RedisError:  # Redis itself is down: the log line is all we can leave
            log.error("could not record failure", stage=self.stage, job_id=job_id, error=message)
        log.error("task failed", stage=self.stage, job_id=job_id, error_type=error_type, error=message)


def _header(request: Any, name: str) -> Any:
    """A custom message header: an attribute of the request, or in its ``headers`` (eager runs)."""
    return getattr(request, name, None) or (getattr(request, "headers", None) or {}).get(name)


def _backend(exc: BaseException) -> str | None:
    if isinstance(exc, StorageError):
        return "minio"
    if isinstance(exc, SearchUnavailable):
        return "opensearch"
    if isinstance(exc, redis.RedisError):
        return "redis"
    return None


def _subject(stage: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """What the failed task was about, from its arguments (the message carries only ids)."""
    if stage == "parse" and len(args) >= 4:
        return {"index": int(args[1]), "sha256": args[2], "name": args[3]}
    if len(args) >= 2 and isinstance(args[1], list):
        ids = [str(i) for i in args[1]]
        return {"reference_id": ids[0]} if len(ids) == 1 else {"reference_ids": ids}
    return {}
