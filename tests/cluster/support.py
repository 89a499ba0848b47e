"""The local cluster of `make cluster` as the failover tests see it: its settings, its processes (by the
pid files deploy/local/cluster.sh keeps), its servers' health, and an ingest of fresh archive cables.

Every setting comes from the environment that deploy/local/cluster-env.sh exports (`make test-cluster`
sources it), so these tests talk to the cluster's own ports and never to the servers of `make test`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import httpx

from bench.archive import archive_ids, generate, pack
from bench.corpus import source_files
from cablestream.infra.wiring import Wiring
from cablestream.settings import Settings

REPO = Path(__file__).resolve().parents[2]
ARCHIVE = 251_287


@dataclass
class Cluster:
    """The running cluster: its services' URLs, its servers, and its processes by name."""

    settings: Settings
    run_dir: Path
    key: str

    @classmethod
    def from_environment(cls) -> Cluster:
        run_dir = Path(os.environ["CABLESTREAM_CLUSTER_RUN_DIR"])
        key_file = run_dir.parent / "keys" / ".cablestream" / "dev-key"
        return cls(Settings(), run_dir, key_file.read_text().strip())

    @cached_property
    def wiring(self) -> Wiring:
        return Wiring(self.settings)

    @property
    def upload_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.upload_port}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.api_port}"

    @property
    def prometheus_url(self) -> str:
        return os.environ["CABLESTREAM_CLUSTER_PROMETHEUS_URL"]

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def kill(self, name: str) -> None:
        """SIGKILL the process group of NAME (a server or a worker with its prefork child): no clean exit."""
        pid = int((self.run_dir / f"{name}.pid").read_text())
        os.killpg(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)

    def restart(self) -> None:
        """cluster.sh start: starts again whatever is not running, and waits until it answers."""
        subprocess.run(["bash", str(REPO / "deploy" / "local" / "cluster.sh"), "start"], check=True,
                       capture_output=True, timeout=600)

    def os_nodes(self) -> list[str]:
        return self.settings.opensearch_hosts

    def health(self, exclude: str | None = None) -> str:
        """The cluster's colour as the first live node (other than ``exclude``) tells it."""
        for url in self.os_nodes():
            if url == exclude:
                continue
            try:
                return str(httpx.get(f"{url}/_cluster/health", timeout=5).json()["status"])
            except httpx.HTTPError:
                continue
        return "unreachable"

    def cluster_manager(self) -> int:
        """1-based number of the elected cluster-manager node (node names are cs-N)."""
        rows = httpx.get(f"{self.os_nodes()[0]}/_cat/cluster_manager?format=json", timeout=5).json()
        return int(str(rows[0]["node"]).removeprefix("cs-"))

    def wait_health(self, colour: str, timeout: float, exclude: str | None = None) -> float:
        """Seconds until the cluster reports ``colour``."""
        start = time.monotonic()
        while self.health(exclude) != colour:
            assert time.monotonic() - start < timeout, f"cluster not {colour} after {timeout:.0f}s: {self.health()}"
            time.sleep(1)
        return time.monotonic() - start

    def count(self, ids: list[str], extracted: bool = False) -> int:
        """How many of ``ids`` are searchable (with their entities, if ``extracted``)."""
        query: dict[str, Any] = {"bool": {"filter": [{"ids": {"values": ids}}]}}
        if extracted:
            query["bool"]["filter"].append({"exists": {"field": "extractor_version"}})
        self.wiring.search.indices.refresh(index=self.settings.index_alias)
        return int(self.wiring.search.count(index=self.settings.index_alias, body={"query": query})["count"])

    def job(self, job_id: str) -> dict[str, Any]:
        response = httpx.get(f"{self.upload_url}/v1/jobs/{job_id}", headers=self.auth, timeout=30)
        response.raise_for_status()
        job: dict[str, Any] = response.json()
        return job

    def fresh_ids(self, count: int) -> list[str]:
        """``count`` real archive ids none of which the cluster holds yet (each run takes others)."""
        step = max(1, ARCHIVE // count)
        for offset in random.sample(range(step), min(step, 20)):
            ids = archive_ids(count, offset)
            if self.count(ids) == 0:
                return ids
        raise AssertionError("no fresh slice of archive ids left: drop the cluster's indices")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@dataclass
class Ingest:
    """Archives of fresh cables uploaded one after the other in a thread, a pause between them, so that
    faults land while files still arrive as well as while they are parsed, indexed and extracted."""

    cluster: Cluster
    ids: list[str]
    archives: int = 10
    pause: float = 1.0
    job_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def start(self) -> threading.Thread:
        corpus = Path(os.environ.get("CABLESTREAM_CLUSTER_CORPUS", REPO.parent / "shared" / "corpus"))
        packed = pack(generate(source_files(corpus if corpus.is_dir() else None), len(self.ids), self.ids),
                      self.archives)
        thread = threading.Thread(target=self._upload, args=(packed,), daemon=True)
        thread.start()
        return thread

    def _upload(self, packed: list[tuple[str, bytes]]) -> None:
        with httpx.Client(base_url=self.cluster.upload_url, headers=self.cluster.auth, timeout=300) as client:
            for name, data in packed:
                response = client.post("/v1/uploads", files=[("files", (name, data))])
                if response.status_code != 202 and response.status_code != 200:
                    self.errors.append(f"{name}: {response.status_code} {response.text[:200]}")
                    continue
                self.job_ids.append(str(response.json()["job_id"]))
                time.sleep(self.pause)

    def wait(self, done: Callable[[], bool], timeout: float, what: str) -> float:
        start = time.monotonic()
        while not done():
            assert time.monotonic() - start < timeout, f"{what} not reached after {timeout:.0f}s"
            time.sleep(2)
        return time.monotonic() - start


@dataclass
class SearchProbe:
    """Searches sent through the read API every half second from a thread, each answer's status kept."""

    cluster: Cluster
    statuses: list[int] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> SearchProbe:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        with httpx.Client(base_url=self.cluster.api_url, headers=self.cluster.auth, timeout=30) as client:
            while not self._stop.is_set():
                try:
                    status = client.get("/v1/cables", params={"q": "embassy", "size": 5}).status_code
                except httpx.HTTPError:
                    status = 0
                self.statuses.append(status)
                self._stop.wait(0.5)


def promql(cluster: Cluster, query: str) -> list[dict[str, Any]]:
    """The instant vector of a PromQL query, as Prometheus's HTTP API returns it."""
    response = httpx.get(f"{cluster.prometheus_url}/api/v1/query", params={"query": query}, timeout=10)
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    assert body["status"] == "success", body
    result: list[dict[str, Any]] = body["data"]["result"]
    return result
