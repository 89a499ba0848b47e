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

from cablestream.infra.queue import EXPRESS, QUEUE_PARSE, TASK_PARSE, TASK_PARSE_FILES
from cablestream.pipeline.messages import Message, from_envelope

UNACKED = "unacked"
PARSE_TASKS = (TASK_PARSE, TASK_PARSE_FILES)


def waiting_parse_messages(client: redis.Redis) -> Iterator[Message]:
    """Every parse message queued (in either lane) or reserved-but-unacknowledged, a file at a time (a
    message of several files is given as its one-file units): an O(backlog) read."""
    for envelope in _envelopes(client, [QUEUE_PARSE, EXPRESS[QUEUE_PARSE]]):
        if (message := from_envelope(PARSE_TASKS, envelope)) is not None:
            yield from message.split()


def _envelopes(client: redis.Redis, queues: list[str]) -> Iterator[str | bytes]:
    for queue in queues:
        yield from client.lrange(queue, 0, -1)
    for raw in client.hvals(UNACKED):
        try:
            yield json.dumps(json.loads(raw)[0])
        except (ValueError, IndexError, TypeError):
            continue
