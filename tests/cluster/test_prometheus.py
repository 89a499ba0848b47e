"""The real Prometheus of `make cluster` (Debian's, on 127.0.0.1:9190) scrapes every service and MinIO
process, loads the alert rules, and answers PromQL about cablestream_ metrics: a few fresh cables
ingested here show up in the stage counters it scraped."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from tests.cluster.support import Cluster, Ingest, promql

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster.from_environment()
    c.restart()
    return c


def _wait(check: Callable[[], bool], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "Prometheus never showed it"
        time.sleep(2)


def test_every_target_is_scraped(cluster: Cluster) -> None:
    def all_up() -> bool:
        up = promql(cluster, 'up{job=~"cablestream-.*|minio.*"}')
        return len(up) == 16 and all(float(s["value"][1]) == 1 for s in up)

    _wait(all_up)  # upload, api, six workers, MinIO's node and cluster metrics from four processes
    queues = {s["metric"]["queue"] for s in promql(cluster, "max by (queue) (cablestream_queue_depth)")}
    assert queues == {"parse", "index", "extract", "parse-express", "index-express"}  # both lanes


def test_ingested_cables_show_in_the_stage_counters(cluster: Cluster) -> None:
    query = 'sum(cablestream_stage_items_total{stage="index", outcome="passed"})'

    def indexed() -> float:
        result = promql(cluster, query)
        return float(result[0]["value"][1]) if result else 0.0

    before = indexed()
    ids = cluster.fresh_ids(20)
    Ingest(cluster, ids, archives=1).start().join(timeout=120)
    _wait(lambda: indexed() >= before + len(ids))


def test_the_alert_rules_are_loaded(cluster: Cluster) -> None:
    groups = httpx.get(f"{cluster.prometheus_url}/api/v1/rules", timeout=10).json()["data"]["groups"]
    alerts = {rule["name"] for group in groups for rule in group["rules"]}
    assert {"CablestreamBacklogGrowing", "CablestreamOldestMessageTooOld", "CablestreamFailuresRising",
            "CablestreamBackendDown", "MinioProcessDown", "MinioWriteQuorumAtRisk", "DiskAlmostFull"} <= alerts
