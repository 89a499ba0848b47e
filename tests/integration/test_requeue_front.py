"""A message given back for a retry (its prefork child was killed) goes to the front of its queue, on
the real Redis through the Celery app's own connection (``infra.transport``): kombu's Redis transport put
it at the back, behind the whole backlog."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from kombu.message import Message

from cablestream.infra.queue import make_celery
from cablestream.infra.transport import Channel, Transport
from cablestream.infra.wiring import Wiring


def test_a_requeued_message_is_next_and_a_dropped_one_is_gone(wiring: Wiring) -> None:
    app = make_celery(wiring.settings)
    queue_name = f"cstest-front-{uuid.uuid4().hex[:8]}"
    with app.connection_for_read() as conn:
        assert isinstance(conn.transport, Transport)
        queue = conn.SimpleQueue(queue_name)
        try:
            for body in ("first", "second", "third"):
                queue.put(body)
            taken = queue.get(timeout=5)
            assert taken.payload == "first"
            taken.reject(requeue=True)  # what Celery does when the child running it is killed
            again = queue.get(timeout=5)
            assert again.payload == "first"  # next in line, not behind "second" and "third"
            again.reject(requeue=False)  # dropped for good
            rest = [queue.get(timeout=5) for _ in range(2)]
            assert [m.payload for m in rest] == ["second", "third"]
            for message in rest:
                message.ack()
            assert not wiring.redis.llen(queue_name)
            # Nothing of ours left held (other tests' workers may hold messages of their own here).
            tags = [str(m.delivery_tag) for m in (taken, again, *rest)]
            assert not any(wiring.redis.hexists("unacked", tag) for tag in tags)
        finally:
            queue.close()
            wiring.redis.delete(queue_name)


@contextmanager
def _held(wiring: Wiring) -> Iterator[tuple[Message, Channel]]:
    """One message taken from a queue of its own and not acknowledged (held in the unacked hash), and the
    channel that holds it; whatever is left of both is removed after."""
    queue_name = f"cstest-held-{uuid.uuid4().hex[:8]}"
    queue = make_celery(wiring.settings).connection_for_read().SimpleQueue(queue_name)
    queue.put("held")
    held = queue.get(timeout=5)
    tag = str(held.delivery_tag)
    try:
        assert wiring.redis.hexists("unacked", tag)
        yield held, cast(Channel, queue.channel)
    finally:
        wiring.redis.hdel("unacked", tag)
        wiring.redis.zrem("unacked_index", tag)
        wiring.redis.delete(queue_name)


def test_a_channel_closed_after_its_connection_went_leaves_its_messages_to_the_leases(wiring: Wiring) -> None:
    """What Celery does when Redis dies under a worker holding a message: close the channel after the
    transport let go of its connection.  kombu's give-back then raised (the worker exited); now the message
    stays in the unacked hash, where its lease returns it to its queue (``infra.leases``)."""
    with _held(wiring) as (held, channel):
        channel.connection.client = None  # the state kombu 5.7 leaves the transport in
        channel.close()  # raised AttributeError: 'NoneType' object has no attribute 'hostname'
        assert wiring.redis.hexists("unacked", str(held.delivery_tag))  # not lost, not given back twice


def test_a_task_of_a_dropped_connection_that_ends_later_does_not_kill_the_worker(wiring: Wiring) -> None:
    """A prefork child finishes a task after the worker reconnected: its ack goes through the old channel,
    whose transport is gone.  It raised (``'NoneType' object has no attribute 'client'``); now it is
    forgotten there, and the message stays held until its lease returns it."""
    with _held(wiring) as (held, channel):
        channel.connection = None  # type: ignore[assignment]  # the state kombu 5.7 leaves the old channel in
        held.ack()
        assert wiring.redis.hexists("unacked", str(held.delivery_tag))
