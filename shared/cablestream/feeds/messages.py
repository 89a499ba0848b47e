"""Reading the parse messages that wait in the broker, without taking them.

Kombu's Redis transport keeps a queue as a list of JSON envelopes (the task arguments base64-encoded
in ``body``) and the messages a worker reserved but has not acknowledged in the hash ``unacked``.
A feed resuming after a crash reads both to tell whether its message already went out.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import redis

from cablestream.infra.queue import QUEUE_PARSE

UNACKED = "unacked"


def task_args(envelope: bytes | str) -> list[Any] | None:
    """The positional arguments of one Celery message envelope, or None if it is not one."""
    try:
        message = json.loads(envelope)
        body = message["body"]
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = json.loads(body)[0]
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return args if isinstance(args, list) else None


def waiting_parse_args(client: redis.Redis, queue: str = QUEUE_PARSE) -> Iterator[list[Any]]:
    """Arguments of every parse message queued or reserved-but-unacknowledged (an O(backlog) read)."""
    for raw in client.lrange(queue, 0, -1):
        if (args := task_args(raw)) is not None:
            yield args
    for raw in client.hvals(UNACKED):
        try:
            envelope = json.dumps(json.loads(raw)[0])
        except (ValueError, IndexError, TypeError):
            continue
        if (args := task_args(envelope)) is not None:
            yield args
