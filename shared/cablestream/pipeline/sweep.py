"""A drain for members left pending without one, from the index worker's main process.

Parse sends a drain message only when it claims the wake flag (``PendingSet.claim_wake``), so that a
thousand files make a handful of drains.  Should the one that claimed it die before sending (kill -9
between the two), the members would wait for the flag to expire and for some later file to send one.
So every few seconds each index worker checks: members pending and nobody woken, then it sends one.
"""

from __future__ import annotations

from typing import Any

import redis
from celery import Celery, bootsteps

from cablestream.logging import get_logger
from cablestream.pipeline.messages import DrainPending, send
from cablestream.pipeline.pending import PendingSet

SWEEP_SECONDS = 5.0
log = get_logger(__name__)


def sweep(client: redis.Redis, app: Celery) -> bool:
    """Send a drain if members wait and none is on its way; returns whether one was sent."""
    pending = PendingSet(client, "index")
    if pending.size() and pending.claim_wake():
        send(app, DrainPending())
        return True
    return False


class PendingSweep(bootsteps.StartStopStep):
    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, consumer: Any, **kwargs: Any) -> None:
        super().__init__(consumer, **kwargs)
        self.timer_entry: Any = None
        self.client: redis.Redis | None = None

    def start(self, consumer: Any) -> None:
        app: Celery = consumer.app
        self.client = redis.Redis.from_url(app.conf.broker_url, socket_timeout=5, socket_connect_timeout=3,
                                           decode_responses=True)
        self.timer_entry = consumer.timer.call_repeatedly(SWEEP_SECONDS, self.tick, (app,), priority=10)

    def tick(self, app: Celery) -> None:
        if self.client is None:
            return
        try:
            if sweep(self.client, app):
                log.info("drain sent for members left pending")
        except redis.RedisError as err:  # Redis away: the next tick tries again
            log.warning("pending sweep failed", error=str(err))

    def stop(self, consumer: Any) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None
        if self.client is not None:
            self.client.close()
            self.client = None
