"""Per-stage throughput history in the real Redis."""

from __future__ import annotations

from cablestream.infra.wiring import Wiring
from cablestream.state import throughput


def test_series_buckets_counts_and_rate_reads_the_recent_window(wiring: Wiring) -> None:
    now = 1_800_000_000.0
    throughput.record(wiring.redis, "teststage", 30, now=now + 3)  # same 10 s bucket
    throughput.record(wiring.redis, "teststage", 30, now=now)
    throughput.record(wiring.redis, "teststage", 100, now=now - 600)
    points = throughput.series(wiring.redis, "teststage", seconds=900, now=now)
    assert len(points) == 90 and points[-1] == (int(now), 60)
    assert sum(c for _, c in points) == 160
    assert throughput.rate(points, window=60) == 60 / 60
