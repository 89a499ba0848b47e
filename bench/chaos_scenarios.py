"""The scenarios: when each fault lands (a trigger on the jobs' progress) and which fault it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.chaos_faults import (
    SERVER_DOWN,
    Fault,
    freeze_opensearch,
    kill_child,
    kill_feed,
    kill_server,
    kill_worker,
)
from bench.chaos_load import Sent
from bench.chaos_measure import Snapshot

# (progress now, what the load sent, cables in the workload) -> whether the fault lands now
Trigger = Callable[[Snapshot, Sent, int], bool]


@dataclass(frozen=True)
class Scenario:
    name: str
    what: str
    trigger: Trigger
    fault: Fault
    extract: bool = False  # run the extract stage (else CABLESTREAM_EXTRACT_ENABLED=false, no extract worker)
    feed: bool = False  # archives dropped into a directory the dir feed watches, instead of uploaded


def parsed(fraction: float) -> Trigger:
    return lambda s, _sent, total: s.parsed >= fraction * total


def indexed(fraction: float) -> Trigger:
    return lambda s, _sent, total: s.indexed >= fraction * total


def extracted(fraction: float) -> Trigger:
    return lambda s, _sent, total: s.extracted >= fraction * total


def accepted(archives: int) -> Trigger:
    return lambda _s, sent, _total: len(sent.accepted) >= archives


def feed_files(files: int) -> Trigger:
    return lambda s, _sent, _total: s.files >= files


SCENARIOS = [
    Scenario("parse-child", "kill -9 of a busy parse prefork child, 20% parsed", parsed(0.2), kill_child("parse")),
    Scenario("index-child", "kill -9 of a busy index prefork child, 20% indexed", indexed(0.2), kill_child("index")),
    Scenario("extract-child", "kill -9 of a busy extract prefork child, 10% extracted", extracted(0.1),
             kill_child("extract"), extract=True),
    Scenario("parse-worker", "kill -9 of the parse worker's process group, 20% parsed; restart 17 s later",
             parsed(0.2), kill_worker("parse")),
    Scenario("index-worker", "kill -9 of the index worker's process group, 20% indexed; restart 17 s later",
             indexed(0.2), kill_worker("index")),
    Scenario("extract-worker", "kill -9 of the extract worker's process group, 10% extracted; restart 17 s later",
             extracted(0.1), kill_worker("extract"), extract=True),
    Scenario("opensearch-freeze", "SIGSTOP of OpenSearch for 60 s, 20% indexed; then SIGCONT", indexed(0.2),
             freeze_opensearch),
    Scenario("opensearch-kill", "kill -9 of OpenSearch, 20% indexed; started again at once", indexed(0.2),
             kill_server("opensearch", 0.0)),
    Scenario("minio-kill", f"kill -9 of MinIO after 5 archives were accepted; started again {SERVER_DOWN:.0f} s later",
             accepted(5), kill_server("minio", SERVER_DOWN)),
    Scenario("redis-kill", f"kill -9 of Redis, 20% indexed; started again {SERVER_DOWN:.0f} s later (AOF)",
             indexed(0.2), kill_server("redis", SERVER_DOWN)),
    Scenario("feed-kill", "kill -9 of the dir feed once it took 5 files; restart 17 s later", feed_files(5),
             kill_feed, feed=True),
]
BY_NAME = {s.name: s for s in SCENARIOS}
