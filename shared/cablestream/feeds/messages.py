"""Reading the parse messages that wait in the broker, without taking them.

Kombu's Redis transport keeps a queue as a list of JSON envelopes and the messages a worker reserved
but has not acknowledged in the hash ``unacked`` (each entry ``[envelope, exchange, routing key]``).
A feed resuming after a crash reads both to tell whether its message already went out; the message in
an envelope is read by ``pipeline.messages``, like any consumer reads it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import redis

from cablestream.infra.queue import QUEUE_PARSE, TASK_PARSE
from cablestream.pipeline.messages import Message, from_envelope

UNACKED = "unacked"


def waiting_parse_messages(client: redis.Redis, queue: str = QUEUE_PARSE) -> Iterator[Message]:
    """Every parse message queued or reserved-but-unacknowledged (an O(backlog) read)."""
    for raw in client.lrange(queue, 0, -1):
        if (message := from_envelope(TASK_PARSE, raw)) is not None:
            yield message
    for raw in client.hvals(UNACKED):
        try:
            envelope = json.dumps(json.loads(raw)[0])
        except (ValueError, IndexError, TypeError):
            continue
        if (message := from_envelope(TASK_PARSE, envelope)) is not None:
            yield message
