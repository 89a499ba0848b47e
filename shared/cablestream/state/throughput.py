"""Per-stage throughput over time, kept in Redis as counts per time bucket.

Prometheus counters live per process and vanish on restart; the dashboard needs a history that
any API process can read, so each stage also adds its counts to a bucketed hash that expires.
"""

from __future__ import annotations

import time

import redis

BUCKET_SECONDS = 10
KEEP_SECONDS = 6 * 3600
PREFIX = "cs:rate"


def record(client: redis.Redis, stage: str, count: int, now: float | None = None) -> None:
    if count <= 0:
        return
    bucket = int((now or time.time()) // BUCKET_SECONDS * BUCKET_SECONDS)
    key = f"{PREFIX}:{stage}:{bucket // 3600}"  # one hash per hour: expiry drops whole hours
    pipe = client.pipeline()
    pipe.hincrby(key, str(bucket), count)
    pipe.expire(key, KEEP_SECONDS + 3600)
    pipe.execute()


def series(client: redis.Redis, stage: str, seconds: int = 900, now: float | None = None) -> list[tuple[int, int]]:
    """``[(bucket_start, count), ...]`` for the last ``seconds``, zeros included, oldest first."""
    end = int((now or time.time()) // BUCKET_SECONDS * BUCKET_SECONDS)
    start = end - seconds + BUCKET_SECONDS
    hours = sorted({b // 3600 for b in range(start, end + 1, BUCKET_SECONDS)})
    pipe = client.pipeline()
    for hour in hours:
        pipe.hgetall(f"{PREFIX}:{stage}:{hour}")
    merged: dict[int, int] = {}
    for part in pipe.execute():
        merged.update({int(k): int(v) for k, v in part.items()})
    return [(b, merged.get(b, 0)) for b in range(start, end + 1, BUCKET_SECONDS)]


def rate(points: list[tuple[int, int]], window: int = 60) -> float:
    """Items per second over the last ``window`` seconds of a series."""
    buckets = max(1, window // BUCKET_SECONDS)
    recent = points[-buckets:]
    return sum(c for _, c in recent) / (len(recent) * BUCKET_SECONDS) if recent else 0.0
