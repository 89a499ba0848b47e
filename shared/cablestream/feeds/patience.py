"""A feed step retried while a server is down: exponential, jittered waits, cut short by the feed's stop.

The ledger makes every step safe to repeat, so a feed never drops an event or a file because Redis,
MinIO or OpenSearch restarted; it waits for them, and a stop request ends the wait at once.
"""

from __future__ import annotations

import threading

import redis
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_when_event_set, wait_exponential_jitter

from cablestream.errors import InfrastructureError
from cablestream.logging import get_logger

TRANSIENT = (InfrastructureError, redis.RedisError)
log = get_logger(__name__)


def patiently(stop: threading.Event, feed_id: str) -> Retrying:
    """Iterate and run the step ``with attempt:``; a transient error is retried until it goes through
    or the feed stops (then the last error is raised: the caller keeps the work for the next run)."""

    def note(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        log.warning("feed retry later", feed=feed_id, attempt=state.attempt_number, error=str(error))

    def pause(seconds: float) -> None:
        stop.wait(seconds)  # a stop request ends the pause at once

    return Retrying(retry=retry_if_exception_type(TRANSIENT), wait=wait_exponential_jitter(multiplier=0.5, max=30),
                    stop=stop_when_event_set(stop), sleep=pause, before_sleep=note, reraise=True)
