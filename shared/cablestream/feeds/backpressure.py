"""Back-pressure: a feed waits while the parse backlog is above a bound, and goes on once it drained.

The decision is pure (:func:`should_pause`, with hysteresis so a feed does not flap around the bound);
:class:`BacklogGate` applies it to the length of the parse queues (both lanes) in the broker, and makes the pause
visible three ways: a log line on each change, a Prometheus gauge, and a status hash in Redis
(``cs:feed:<id>:status``) that an operator or a test can read.
"""

from __future__ import annotations

import threading
import time

import redis
from prometheus_client import Gauge

from cablestream.feeds.ledger import PREFIX
from cablestream.infra.queue import EXPRESS, QUEUE_PARSE
from cablestream.logging import get_logger

FEED_PAUSED = Gauge("cablestream_feed_paused", "1 while a feed waits for the parse backlog to drain", ["feed"])
FEED_BACKLOG = Gauge("cablestream_feed_backlog", "Parse backlog a feed saw last", ["feed"])
log = get_logger(__name__)


def should_pause(paused: bool, backlog: int, high: int, low: int) -> bool:
    """Pause above ``high``; once paused, stay paused until the backlog is down to ``low``."""
    return backlog > low if paused else backlog > high


class BacklogGate:
    def __init__(self, client: redis.Redis, feed_id: str, high: int, low: int, poll: float,
                 stop: threading.Event, queues: tuple[str, ...] = (QUEUE_PARSE, EXPRESS[QUEUE_PARSE])) -> None:
        self.r, self.feed_id, self.queues = client, feed_id, queues
        self.high, self.low, self.poll, self.stop = high, min(low, high), poll, stop
        self.status_key = f"{PREFIX}:{feed_id}:status"
        self.paused = False

    def wait(self) -> float:
        """Return when the backlog allows one more file (or the feed is stopping); seconds waited."""
        start = time.monotonic()
        while True:
            backlog = sum(int(self.r.llen(queue)) for queue in self.queues)  # both lanes
            paused = should_pause(self.paused, backlog, self.high, self.low)
            if paused != self.paused:
                self._change(paused, backlog)
            FEED_BACKLOG.labels(self.feed_id).set(backlog)
            if not paused or self.stop.is_set():
                return time.monotonic() - start
            self.stop.wait(self.poll)

    def _change(self, paused: bool, backlog: int) -> None:
        self.paused = paused
        FEED_PAUSED.labels(self.feed_id).set(1 if paused else 0)
        self.r.hset(self.status_key, mapping={"paused": int(paused), "backlog": backlog, "at": time.time()})
        if paused:
            self.r.hincrby(self.status_key, "pauses", 1)
        log.info("feed paused" if paused else "feed resumed", feed=self.feed_id, backlog=backlog,
                 bound=self.high, resume_at=self.low)
