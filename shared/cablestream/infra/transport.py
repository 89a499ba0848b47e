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
The same holds for a task of the old connection that ends after the worker reconnected: its ack went
through the closed channel (``'NoneType' object has no attribute 'client'``).  Here, while the channel's
connection is gone, the give-back, acks and rejects are skipped: the messages stay in the unacked hash, and
their leases (``infra.leases``) return them to their queue once no live worker renews them (a finished one
then runs again, which the idempotent stages absorb).
"""

from __future__ import annotations

from typing import Any

from kombu.transport import redis as kombu_redis
from kombu.transport import virtual

TRANSPORT = "cablestream.infra.transport:Transport"


class QoS(kombu_redis.QoS):
    def _connection_gone(self) -> bool:
        transport = self.channel.connection
        return transport is None or transport.client is None

    def ack(self, delivery_tag: str) -> None:
        if self._connection_gone():  # a task of the old connection ended after it dropped (above)
            virtual.QoS.ack(self, delivery_tag)  # forgotten here; its lease returns it, and stages are idempotent
            return
        super().ack(delivery_tag)

    def reject(self, delivery_tag: str, requeue: bool = False) -> None:
        if self._connection_gone():
            virtual.QoS.ack(self, delivery_tag)
            return
        if not requeue:
            super().reject(delivery_tag, requeue=False)
            return
        self.restore_by_tag(delivery_tag, leftmost=False)  # RPUSH: the next message BRPOP takes
        virtual.QoS.ack(self, delivery_tag)  # forget the delivery, as kombu's own reject does

    def restore_unacked(self, client: Any = None) -> None:
        if client is None and self._connection_gone():
            if self._delivered:  # forgotten, as kombu's own does once they are given back: the leases do it
                self._delivered.clear()
            return
        super().restore_unacked(client)


class Channel(kombu_redis.Channel):
    QoS = QoS


class Transport(kombu_redis.Transport):
    Channel = Channel
