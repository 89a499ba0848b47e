"""A step of a Celery worker's main process that does something every few seconds with its own Redis
client (lease renewal, the pending sweep).  The main process runs no task, so its timer keeps time
whatever the children do; a Redis error is logged and the next tick tries again."""

from __future__ import annotations

from typing import Any

import redis
from celery import Celery, bootsteps

from cablestream.logging import get_logger

log = get_logger(__name__)


class TimerStep(bootsteps.StartStopStep):
    """Subclasses give ``interval`` and ``tick``."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, consumer: Any, **kwargs: Any) -> None:
        super().__init__(consumer, **kwargs)
        self.timer_entry: Any = None
        self.client: redis.Redis | None = None

    def interval(self, app: Celery) -> float:
        raise NotImplementedError

    def tick(self, client: redis.Redis, app: Celery) -> None:
        raise NotImplementedError

    def start(self, consumer: Any) -> None:
        app: Celery = consumer.app
        self.client = redis.Redis.from_url(app.conf.broker_url, socket_timeout=5, socket_connect_timeout=3,
                                           decode_responses=True)
        self.timer_entry = consumer.timer.call_repeatedly(self.interval(app), self._tick, (app,), priority=10)

    def _tick(self, app: Celery) -> None:
        if self.client is None:
            return
        try:
            self.tick(self.client, app)
        except redis.RedisError as err:  # Redis away: the next tick tries again
            log.warning("worker timer step failed", step=type(self).__name__, error=str(err))

    def stop(self, consumer: Any) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None
        if self.client is not None:
            self.client.close()
            self.client = None
