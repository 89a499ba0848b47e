"""A drain for members left pending without one, from the main process of the index and express workers.

Parse sends a drain message only when it claims the wake flag (``PendingSet.claim_wake``), so that a
thousand files make a handful of drains.  Should the one that claimed it die before sending (kill -9
between the two), the members would wait for the flag to expire and for some later file to send one.
So every few seconds each of those workers checks each lane (archives', express): members pending and
nobody woken, then it sends one.
"""

from __future__ import annotations

import redis
from celery import Celery

from cablestream.infra.timersteps import TimerStep
from cablestream.logging import get_logger
from cablestream.pipeline.messages import DrainPending, send
from cablestream.pipeline.pending import index_pending

SWEEP_SECONDS = 5.0
log = get_logger(__name__)


def sweep(client: redis.Redis, app: Celery) -> bool:
    """Send a drain for each lane whose members wait with none on its way; whether one was sent."""
    sent = False
    for express in (False, True):
        pending = index_pending(client, express)
        if pending.size() and pending.claim_wake():
            send(app, DrainPending(express=express))
            sent = True
    return sent


class PendingSweep(TimerStep):
    def interval(self, app: Celery) -> float:
        return SWEEP_SECONDS

    def tick(self, client: redis.Redis, app: Celery) -> None:
        if sweep(client, app):
            log.info("drain sent for members left pending")
