"""Leases on the messages a worker holds, so that the work of a dead worker resumes within a minute.

Kombu's Redis transport keeps every message delivered but not yet acknowledged in the hash ``unacked``,
with its delivery time in the sorted set ``unacked_index``; any live consumer gives back to their queue
the messages older than the visibility timeout (a sweep every few seconds, ``infra.queue``).  A short
timeout alone would hand a long task (a 512 MiB archive) to a second worker while the first still works
on it, and the messages a worker has reserved but not started yet would come back too.  So the main
process of every worker renews, four times per timeout, the time of each message it holds (reserved,
running, or waiting for a retry's countdown).  A worker killed (kill -9, the OOM killer, a lost host)
renews nothing, and its messages come back after at most the timeout plus one sweep.

Limits: a worker whose main process is frozen (SIGSTOP) or cut off from Redis for longer than the timeout
loses its leases, and its messages may run twice; every stage is idempotent, so this costs time, not
correctness.  ``ZADD XX`` renews only what is still unacknowledged: an acknowledged message never returns.
"""

from __future__ import annotations

import time
from typing import Any

import redis
from celery import Celery, bootsteps
from celery.worker import state

from cablestream.logging import get_logger

UNACKED_INDEX = "unacked_index"  # kombu's default ``unacked_index_key``
log = get_logger(__name__)


def held_delivery_tags() -> list[str]:
    """Delivery tags of every message this worker holds: reserved, running or scheduled."""
    tags = []
    for request in list(state.requests.values()):
        message = getattr(request, "message", None)
        tag = getattr(message, "delivery_tag", None)
        if tag:
            tags.append(str(tag))
    return tags


def renew(client: redis.Redis, tags: list[str], now: float | None = None) -> int:
    """Move the delivery time of the held messages to now; returns how many were still unacknowledged."""
    if not tags:
        return 0
    stamp = time.time() if now is None else now
    return int(client.zadd(UNACKED_INDEX, dict.fromkeys(tags, stamp), xx=True, ch=True))  # type: ignore[arg-type]


class LeaseRenewal(bootsteps.StartStopStep):
    """A consumer step: a timer in the worker's main process that renews the leases of what it holds."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, consumer: Any, **kwargs: Any) -> None:
        super().__init__(consumer, **kwargs)
        self.timer_entry: Any = None
        self.client: redis.Redis | None = None

    def start(self, consumer: Any) -> None:
        app: Celery = consumer.app
        self.client = redis.Redis.from_url(app.conf.broker_url, socket_timeout=5, socket_connect_timeout=3)
        interval = max(1.0, float(app.conf.broker_transport_options["visibility_timeout"]) / 4)
        self.timer_entry = consumer.timer.call_repeatedly(interval, self.renew_held, priority=10)

    def renew_held(self) -> None:
        if self.client is None:
            return
        try:
            renew(self.client, held_delivery_tags())
        except redis.RedisError as err:  # Redis away: the next tick tries again (see the module's limits)
            log.warning("lease renewal failed", error=str(err))

    def stop(self, consumer: Any) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None
        if self.client is not None:
            self.client.close()
            self.client = None


def install(app: Celery) -> None:
    app.steps["consumer"].add(LeaseRenewal)
