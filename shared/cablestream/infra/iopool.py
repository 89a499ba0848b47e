"""One thread pool per process for latency-bound storage calls (MinIO gets and puts).

Created on first use, so each Celery prefork child gets its own after the fork; reused across tasks,
because starting threads for every file cost more than the puts they overlapped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
THREADS = 8


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(THREADS, thread_name_prefix="cablestream-io")


def io_map(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``list(map(fn, items))`` with the calls overlapped; a single item runs inline."""
    items = list(items)
    if len(items) <= 1:
        return [fn(item) for item in items]
    return list(_pool().map(fn, items))
