"""Failover under load on the local cluster (`make test-cluster`, after `make cluster`).

Each test ingests CABLESTREAM_CLUSTER_CABLES (5,000) fresh archive cables in ten .tar.gz archives through
the upload API and, once a part of them is searchable, kills (SIGKILL) part of the cluster:
- servers: the elected OpenSearch cluster manager and the MinIO process every client is told of first.
  Searches through the read API answer throughout, the cluster is yellow (never red), the set keeps its
  quorum; once the two are started again the cluster is green.
- workers: one worker process of each stage (parse, index, extract), with what it was running; the other
  worker of the stage takes their messages when their leases lapse.
Either way no cable is lost: every one is searchable and has its entities, and no job keeps a failure.
"""

from __future__ import annotations

import os
import time

import pytest

from tests.cluster.support import Cluster, Ingest, SearchProbe, promql

pytestmark = pytest.mark.timeout(3600)
CABLES = int(os.environ.get("CABLESTREAM_CLUSTER_CABLES", "5000"))
FAULT_AT = 0.15  # the share of cables searchable when the fault is made
OUTAGE_SECONDS = 45.0  # long enough for leases (40 s) to lapse and for the probes to see it


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster.from_environment()
    c.restart()  # whatever an earlier run left dead
    c.wait_health("green", 300)
    return c


def _start_ingest(cluster: Cluster) -> tuple[Ingest, list[str]]:
    ids = cluster.fresh_ids(CABLES)
    ingest = Ingest(cluster, ids)
    ingest.start()
    ingest.wait(lambda: cluster.count(ids) >= FAULT_AT * len(ids), 900, f"{FAULT_AT:.0%} searchable")
    assert cluster.count(ids) < len(ids), "the ingest finished before the fault: raise CABLESTREAM_CLUSTER_CABLES"
    return ingest, ids


def _nothing_lost(cluster: Cluster, ingest: Ingest, ids: list[str]) -> None:
    ingest.wait(lambda: len(ingest.job_ids) + len(ingest.errors) == ingest.archives, 600, "every upload")
    assert ingest.errors == []
    ingest.wait(lambda: cluster.count(ids) == len(ids), 1800, "every cable searchable")
    ingest.wait(lambda: cluster.count(ids, extracted=True) == len(ids), 3600, "every cable extracted")
    jobs = [cluster.job(job_id) for job_id in ingest.job_ids]
    assert sum(j["counts"]["cables_parsed"] for j in jobs) == len(ids)
    assert sum(j["counts"]["cables_indexed"] for j in jobs) == len(ids)
    assert [j["counts"]["failed"] for j in jobs] == [0] * len(jobs)
    assert {j["state"] for j in jobs} == {"done"}


def test_an_opensearch_node_and_a_minio_process_lost_under_load(cluster: Cluster) -> None:
    ingest, ids = _start_ingest(cluster)
    manager = cluster.cluster_manager()
    lost_node = cluster.os_nodes()[manager - 1]
    with SearchProbe(cluster) as probe:
        cluster.kill(f"opensearch-{manager}")
        cluster.kill("minio-1")  # the endpoint every client starts from or fails over to
        cluster.wait_health("yellow", 60, exclude=lost_node)
        colours = set()
        deadline = time.monotonic() + OUTAGE_SECONDS
        while time.monotonic() < deadline:
            colours.add(cluster.health(exclude=lost_node))
            time.sleep(1)
        during = cluster.count(ids)
        cluster.restart()
        green_after = cluster.wait_health("green", 600)
    assert colours == {"yellow"}, colours
    assert probe.statuses and set(probe.statuses) == {200}, sorted(set(probe.statuses))
    assert during > FAULT_AT * len(ids)
    print(f"\nservers: searches {len(probe.statuses)} all 200; green {green_after:.0f}s after the restart")
    _nothing_lost(cluster, ingest, ids)
    # Prometheus saw the MinIO process go and come back (the input of MinioProcessDown).
    seen = promql(cluster, 'min_over_time(up{job="minio", instance="127.0.0.1:9031"}[30m])')
    assert seen and float(seen[0]["value"][1]) == 0.0


def test_one_worker_per_stage_lost_under_load(cluster: Cluster) -> None:
    ingest, ids = _start_ingest(cluster)
    with SearchProbe(cluster) as probe:
        for stage in ("parse", "index", "extract"):
            cluster.kill(f"worker-{stage}-1")
        time.sleep(OUTAGE_SECONDS)  # the other worker of each stage works on, and takes the lapsed leases
        during = cluster.count(ids)
        cluster.restart()
    assert probe.statuses and set(probe.statuses) == {200}, sorted(set(probe.statuses))
    assert during > FAULT_AT * len(ids)
    _nothing_lost(cluster, ingest, ids)
