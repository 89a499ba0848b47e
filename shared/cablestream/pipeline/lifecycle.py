"""The one lifecycle of every stage task: read the message, count the delivery, run the stage, record
what it returned, hand off to the next stage.

A stage is a function ``(wiring, message) -> Iterable[Outcome]`` with no failure handling of its own.
For each outcome it yields, in this order: its failures are written (``outcomes.write_failure``), the
job's counts move, failures of what went through are resolved, and only then are the next stage's
messages sent, so a worker killed between two outcomes leaves nothing half-recorded.  A stage that
yields several outcomes (a drain taking batch after batch) resumes after each has been applied.

Errors are classified once, here:
- infrastructure errors (a server down or refusing for now) are retried with jittered exponential
  backoff up to a cap, then recorded as a retryable failure of the whole task;
- data errors (``DataError``, a request the search server refuses) are final: recorded as not
  retryable, to be retried only once the parser or extractor version changes;
- a missing object is not retried by itself, but is retryable by hand (once the bytes are back);
- anything else is a bug: recorded, retryable by hand once fixed, and the worker goes on.
A message redelivered too often (its worker killed each time: out of memory, a kill -9) is recorded
as lost and acknowledged instead of looping for ever.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any, Literal

import redis
import structlog
from celery import Celery, Task
from kombu.exceptions import OperationalError
from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_exponential_jitter

from cablestream.errors import DataError, InfrastructureError
from cablestream.infra.storage import StorageError
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.metrics import BACKEND_ERRORS, STAGE_FAILED, STAGE_ITEMS, STAGE_PROCESSED, STAGE_SECONDS
from cablestream.pipeline.messages import BadMessage, Message, ParseFile, read, send
from cablestream.pipeline.outcomes import FileProgress, Outcome, Problem, write_failure, write_failure_or_log
from cablestream.pipeline.replay import resolve, resolve_for_references
from cablestream.search.errors import SearchRejected, SearchUnavailable
from cablestream.state import throughput
from cablestream.state.failures import Subject

log = get_logger(__name__)

Stage = Callable[[Wiring, Any], Iterable[Outcome]]
DELIVERIES = "cs:deliveries"
WORKER_LOST = "WorkerLost"
# kombu's OperationalError: a message to the next stage could not be sent (the broker is down).
BROKER_DOWN = (redis.ConnectionError, redis.TimeoutError, OperationalError)
RETRYABLE = (InfrastructureError, *BROKER_DOWN, ConnectionError, TimeoutError)
# Errors of the input, not of the servers or the code: retrying the same input cannot help.  A missing
# object is not among them: nothing retries it by itself, but a retry by hand goes through once the
# bytes are back (a half-restored bucket).
FINAL = (DataError, SearchRejected)
# What a job counts for each stage's cables that went through, and (index only) those that did not.
PROGRESS: dict[str, Literal["parsed", "indexed", "extracted"]] = {
    "parse": "parsed", "index": "indexed", "extract": "extracted"}


class StageTask(Task):  # type: ignore[type-arg]  # Task[P, R]: our run takes any message
    """The base of every stage task; :func:`register` sets ``stage``, ``wiring`` and ``handler``."""

    abstract = True
    stage = "unknown"
    wiring: Wiring
    handler: Stage
    message_type: type[Message]
    autoretry_for = RETRYABLE
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 8
    acks_late = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        structlog.contextvars.clear_contextvars()
        try:
            message = read(self.message_type, args, kwargs)
        except BadMessage as err:
            self._unreadable(err, args)
            return None
        _bind_log_context(self.stage, message)
        delivery = self._delivery_key()
        if delivery and self._delivered_too_often(delivery, message):
            return None
        start = time.perf_counter()
        try:
            result = super().__call__(*args, **kwargs)
        except Exception as exc:
            cause = getattr(exc, "exc", None) or exc  # autoretry wraps the cause in Retry
            STAGE_FAILED.labels(self.stage, type(cause).__name__).inc()
            if backend := _backend(cause):
                BACKEND_ERRORS.labels(backend).inc()
            raise
        finally:
            self._forget_delivery(delivery)
        STAGE_PROCESSED.labels(self.stage).inc()
        STAGE_SECONDS.labels(self.stage).observe(time.perf_counter() - start)
        return result

    def execute(self, message: Message) -> None:
        """Run the stage over one message through the lifecycle (called by the task's ``run``)."""
        Lifecycle(self.wiring, self.stage, lambda m: send(self.app, m)).execute(self.handler, message)

    def on_failure(self, exc: BaseException, task_id: str, args: tuple[Any, ...], kwargs: dict[str, Any],
                   einfo: Any) -> None:
        """The task failed for good: retries exhausted, a final error, or a bug."""
        try:
            message = read(self.message_type, args, kwargs)
        except BadMessage:
            return  # recorded by __call__
        retryable = not isinstance(exc, FINAL)
        self._fail_whole(message, type(exc).__name__, str(exc), retryable)

    def _fail_whole(self, message: Message, error_type: str, text: str, retryable: bool) -> None:
        """A record per unit of the message (a file of a batch), each retried on its own."""
        for unit in message.split():
            problem = Problem(error_type=error_type, reason=text, subject=unit.subject(), retry=unit,
                              name=getattr(unit, "name", None), retryable=retryable)
            write_failure_or_log(self.wiring, self.stage, unit.job_id, problem, whole_task=True)
        log.error("task failed", error_type=error_type, error=text[:500], retryable=retryable)

    def _unreadable(self, err: BadMessage, args: tuple[Any, ...]) -> None:
        """A message no version of this code can read: a final failure naming what it held."""
        problem = Problem(error_type="BadMessage", reason=f"{err}; the message was {str(args)[:500]}",
                          subject=_unreadable_subject(args), retry=None)
        write_failure_or_log(self.wiring, self.stage, None, problem, whole_task=True)
        log.error("unreadable message", task=self.name, error=str(err))

    def _delivery_key(self) -> str | None:
        """Deliveries of this message, counted per try (a retry is a new message with the same id)."""
        request = getattr(self, "request", None)
        task_id = getattr(request, "id", None)
        return f"{DELIVERIES}:{task_id}:{getattr(request, 'retries', 0)}" if task_id else None

    def _delivered_too_often(self, key: str, message: Message) -> bool:
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
        if delivered <= self.wiring.settings.task_max_deliveries:
            return False
        self._fail_whole(message, WORKER_LOST, f"the worker running this task died {delivered - 1} times before "
                         "it finished (killed for memory or time?); it is not run again until retried by hand",
                         retryable=True)
        self._forget_delivery(key)
        return True

    def _forget_delivery(self, key: str | None) -> None:
        if key:
            with contextlib.suppress(redis.RedisError):  # it expires on its own
                self.wiring.redis.delete(key)


class Lifecycle:
    """Runs a stage over one message and applies what it returns; the Celery task is a shell around it
    (tests drive it directly, with a ``send`` that collects the hand-off)."""

    def __init__(self, wiring: Wiring, stage: str, send: Callable[[Message], None]) -> None:
        self.w, self.stage, self.send = wiring, stage, send

    def execute(self, handler: Stage, message: Message) -> list[str]:
        """Returns the reference ids that went through the stage."""
        w = self.w
        # Failures about these files that are not seen again in this run are over (files parsed again).
        open_before = w.failures.for_files(_files(message))
        written: set[str] = set()
        passed: list[str] = []
        for outcome in handler(w, message):
            written |= self.apply(outcome)
            passed += outcome.passed
        owns = list(dict.fromkeys(m.subject().failure_id(self.stage, whole_task=True) for m in message.split()))
        resolve(w, (open_before - written) | w.failures.open_among(owns))
        return passed

    def apply(self, outcome: Outcome) -> set[str]:
        """Failures, job progress, resolutions, then the hand-off; returns the failure ids written."""
        w, job_id = self.w, outcome.job_id
        written = {write_failure(w, self.stage, job_id, p) for p in outcome.problems}
        for problem in outcome.problems:
            log.warning("input failed", error_type=problem.error_type, reason=problem.reason[:300],
                        reference_id=problem.subject.reference_id, sha256=problem.subject.sha256)
        if job_id:
            self._progress(job_id, outcome)
        resolve_for_references(w, self.stage, outcome.passed)
        worked = len(outcome.passed) - outcome.unchanged
        throughput.record(w.redis, self.stage, worked)
        STAGE_ITEMS.labels(self.stage, "passed").inc(worked)
        STAGE_ITEMS.labels(self.stage, "unchanged").inc(outcome.unchanged)
        STAGE_ITEMS.labels(self.stage, "failed").inc(len(outcome.problems))
        for message in outcome.handoff:
            self.send(message)
        return written

    def _progress(self, job_id: str, outcome: Outcome) -> None:
        jobs = self.w.jobs
        jobs.add(job_id, PROGRESS[self.stage], outcome.passed)
        if self.stage == "index":
            jobs.add(job_id, "index_failed", [rid for p in outcome.problems
                                              for rid in (p.subject.reference_id, *p.subject.reference_ids) if rid])
        jobs.update_files(job_id, {f.index: _set_fields(f) for f in outcome.files})


def register(app: Celery, wiring: Wiring, message_type: type[Message], stage: str, handler: Stage,
             max_retries: int, name: str | None = None) -> StageTask:
    """A Celery task (named for its message type's task unless ``name``) that reads its message and
    runs ``handler`` through the lifecycle."""

    def run(self: StageTask, *args: Any, **kwargs: Any) -> None:
        try:
            self.execute(read(self.message_type, args, kwargs))
        except BROKER_DOWN:
            await_redis(self.wiring)  # so that the retry autoretry sends next can reach the broker
            raise

    registered: StageTask = app.task(name=name or message_type.TASK, base=StageTask, bind=True, stage=stage,
                                     wiring=wiring, handler=staticmethod(handler), message_type=message_type,
                                     max_retries=max_retries)(run)
    return registered


def await_redis(w: Wiring) -> bool:
    """Wait (up to ``redis_outage_wait_seconds``) until Redis answers; whether it did.

    Redis is the broker as well: a retry sent while it is down cannot be published, and Celery then
    drops the message for good.  Waiting here keeps it: if Redis comes back, the retry is sent; if not,
    the acknowledgement fails as well and the message returns when its lease runs out."""
    def note(state: Any) -> None:
        log.warning("redis down, waiting", attempt=state.attempt_number)

    retrying = Retrying(retry=retry_if_exception_type(redis.RedisError), reraise=True, before_sleep=note,
                        wait=wait_exponential_jitter(multiplier=0.5, max=5),
                        stop=stop_after_delay(w.settings.redis_outage_wait_seconds))
    try:
        for attempt in retrying:
            with attempt:
                w.redis.ping()
    except redis.RedisError:
        return False
    return True


def _bind_log_context(stage: str, message: Message) -> None:
    # Every log line the stage writes carries the stage, the job and what the message is about.
    subject = message.subject()
    structlog.contextvars.bind_contextvars(stage=stage, job_id=message.job_id, sha256=subject.sha256,
                                           reference_id=subject.reference_id)


def _files(message: Message) -> list[str]:
    return [m.sha256 for m in message.split() if isinstance(m, ParseFile)]


def _set_fields(progress: FileProgress) -> dict[str, Any]:
    # The error is always written: a file parsed again must not keep the error of an earlier run.
    counts = {"cables": progress.cables, "failed": progress.failed}
    return {"state": progress.state, "error": progress.error} | {k: v for k, v in counts.items() if v is not None}


def _unreadable_subject(args: tuple[Any, ...]) -> Subject:
    # Distinct unreadable messages are distinct records: the id derives from what they held.
    digest = hashlib.sha1(repr(args).encode()).hexdigest()[:12]
    return Subject(reference_id=f"message:{digest}")


def _backend(exc: BaseException) -> str | None:
    if isinstance(exc, StorageError):
        return "minio"
    if isinstance(exc, SearchUnavailable | SearchRejected):
        return "opensearch"
    if isinstance(exc, redis.RedisError):
        return "redis"
    return None


__all__ = ["Lifecycle", "StageTask", "register"]
