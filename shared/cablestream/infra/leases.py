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

import redis
from celery import Celery
from celery.worker import state

from cablestream.infra.timersteps import TimerStep

UNACKED_INDEX = "unacked_index"  # kombu's default ``unacked_index_key``


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


class LeaseRenewal(TimerStep):
    """A timer in the worker's main process that renews the leases of what it holds."""

    def interval(self, app: Celery) -> float:
        return max(1.0, float(app.conf.broker_transport_options["visibility_timeout"]) / 4)

    def tick(self, client: redis.Redis, app: Celery) -> None:
        renew(client, held_delivery_tags())


def install(app: Celery) -> None:
    app.steps["consumer"].add(LeaseRenewal)
