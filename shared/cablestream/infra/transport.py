"""Kombu's Redis transport with one change: a message given back for a retry goes to the front of its
queue, not the back.

Celery gives a message back (``reject(requeue=True)``) when the prefork child running it was killed (kill -9,
the OOM killer): ``task_reject_on_worker_lost``.  Kombu's Redis transport puts it back with ``LPUSH``, at the
far end of the list consumers ``BRPOP`` from, so the work a dead child held waited behind the whole backlog:
minutes for an extraction backlog (``make chaos``, extract-child).  Here it goes back with ``RPUSH``, where a
message whose lease ran out goes too (``infra.leases``): next in line.

A message that kills its child every time comes back at once each time, and the delivery count of
``pipeline.lifecycle`` turns it into a failure record after ``task_max_deliveries``.

And one repair: when the broker's connection drops, Celery closes the channel, and kombu (5.7) then gives
back the messages the worker holds over a connection the transport has already let go of: an
``AttributeError`` that Celery calls unrecoverable, and the worker process exits (``make chaos``,
redis-kill: the parse worker died while holding one message, so nothing was parsed after Redis came back).
Here that give-back is skipped: the messages stay in the unacked hash, and their leases (``infra.leases``)
return them to their queue once no live worker renews them.
"""

from __future__ import annotations

from typing import Any

from kombu.transport import redis as kombu_redis
from kombu.transport import virtual

TRANSPORT = "cablestream.infra.transport:Transport"


class QoS(kombu_redis.QoS):
    def reject(self, delivery_tag: str, requeue: bool = False) -> None:
        if not requeue:
            super().reject(delivery_tag, requeue=False)
            return
        self.restore_by_tag(delivery_tag, leftmost=False)  # RPUSH: the next message BRPOP takes
        virtual.QoS.ack(self, delivery_tag)  # forget the delivery, as kombu's own reject does

    def restore_unacked(self, client: Any = None) -> None:
        if client is None and self.channel.connection.client is None:  # the connection is gone (above)
            if self._delivered:  # forgotten, as kombu's own does once they are given back: the leases do it
                self._delivered.clear()
            return
        super().restore_unacked(client)


class Channel(kombu_redis.Channel):
    QoS = QoS


class Transport(kombu_redis.Transport):
    Channel = Channel
