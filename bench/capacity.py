"""Capacity per stage: cables/s of 1 and of 2 worker processes of each stage, one stage at a time.

  python -m bench.capacity [--cables N] [--archives K] [--workers 1 2] [--corpus DIR]

Run against the servers the environment names (`source deploy/local/cluster-env.sh` for the cluster of
`make cluster`), in a namespace of its own (a Redis database, a bucket, index aliases), so a running
system is not touched.  N archive cables of real templates are stored and queued for parsing while no
worker runs; then W parse workers are started (one process, one child each, as `make cluster` runs
them) and timed from ready to the last cable parsed, then stopped; then W index workers drain what parse
left, then W extract workers.  Each stage has the machine to itself (apart from the servers), so
cables/s per worker is what one worker process does with a core.  Printed as JSON.

Wall-clock rates depend on what else the machine runs (this one is shared), so each stage is also
measured in CPU seconds, read from /proc: those of its worker processes and their children (cables per
CPU second = cables/s of a worker given a whole core), and those the servers spent meanwhile (OpenSearch,
MinIO and Redis processes named by the pid files of `make cluster`, CABLESTREAM_CLUSTER_RUN_DIR).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.archive import archive_ids, generate, pack
from bench.corpus import source_files
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.ingest import enqueue_files, store_upload
from cablestream.settings import Settings
from devtools.localsystem import claim_database, drop_namespace, settings_env

REPO = Path(__file__).resolve().parents[1]
COUNTS = {"parse": "cables_parsed", "index": "cables_indexed", "extract": "cables_extracted"}


def namespace(base: Settings) -> Settings:
    """The environment's servers, with a Redis database, bucket and aliases of this run's own."""
    ns = f"cscap-{uuid.uuid4().hex[:8]}"
    server = base.redis_url.rsplit("/", 1)[0]
    redis_url = f"{server}/{claim_database(ns, base, server)}"
    return base.model_copy(update={"redis_url": redis_url, "bucket": ns, "index_alias": f"{ns}-cables",
                                   "entities_alias": f"{ns}-entities", "log_level": "WARNING"})


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and of all their live descendants."""
    total, todo, seen = 0.0, list(pids), set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def server_pids() -> list[int]:
    run_dir = Path(os.environ.get("CABLESTREAM_CLUSTER_RUN_DIR", "/nonexistent"))
    pids = []
    for f in run_dir.glob("*.pid"):
        if f.stem.startswith(("opensearch", "minio", "redis")):
            pids.append(int(f.read_text()))
    return pids


@contextmanager
def workers(settings: Settings, stage: str, count: int, log_dir: Path) -> Iterator[list[int]]:
    """``count`` Celery worker processes of one stage, each one child; yields their pids once all are ready."""
    env = os.environ | settings_env(settings)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    bin_dir = Path(sys.executable).parent
    logs = [log_dir / f"{stage}-{k}.log" for k in range(count)]
    procs = []
    for k, log in enumerate(logs):
        with log.open("wb") as handle:
            procs.append(subprocess.Popen(
                [str(bin_dir / "celery"), "-A", f"services.{stage}_worker.tasks", "worker", "-Q", stage,
                 "--concurrency", "1", "--hostname", f"cap-{stage}-{k}@%h", "--without-gossip", "--without-mingle",
                 "--loglevel", "INFO"], env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=REPO))
    try:
        deadline = time.monotonic() + 120
        while not all(b"ready." in log.read_bytes() for log in logs):
            assert time.monotonic() < deadline, f"{stage} workers not ready: see {log_dir}"
            assert all(p.poll() is None for p in procs), f"a {stage} worker exited: see {log_dir}"
            time.sleep(0.1)
        yield [p.pid for p in procs]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=60)


def _done(w: Wiring, job_ids: list[str], stage: str) -> int:
    return sum(int((w.jobs.get(j) or {}).get("counts", {}).get(COUNTS[stage], 0)) for j in job_ids)


def time_stage(w: Wiring, job_ids: list[str], stage: str, count: int, total: int, log_dir: Path
               ) -> dict[str, float]:
    """From ``count`` workers of ``stage`` ready to ``total`` cables through it: wall seconds, and the CPU
    seconds of the workers and of the servers."""
    servers = server_pids()
    with workers(w.settings, stage, count, log_dir) as pids:
        start, cpu0, srv0 = time.perf_counter(), cpu_seconds(pids), cpu_seconds(servers)
        while _done(w, job_ids, stage) < total:
            assert time.perf_counter() - start < 3600, f"{stage}: {_done(w, job_ids, stage)} of {total}"
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "worker_cpu": cpu_seconds(pids) - cpu0, "server_cpu": cpu_seconds(servers) - srv0}


def run_once(base: Settings, templates: Any, cables: int, archives: int, count: int, offset: int) -> dict[str, Any]:
    settings = namespace(base)
    w = Wiring(settings)
    w.setup()
    log_dir = REPO / ".cablestream" / "bench-logs" / f"capacity-{count}"
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        packed = pack(generate(templates, cables, archive_ids(cables, offset)), archives)
        job_ids = [enqueue_files(w, [(name, store_upload(w, io.BytesIO(data)))], "upload") for name, data in packed]
        timed = {stage: time_stage(w, job_ids, stage, count, cables, log_dir) for stage in COUNTS}
    finally:
        drop_namespace(w)
    return {stage: _figures(t, cables, count) for stage, t in timed.items()}


def _figures(t: dict[str, float], cables: int, count: int) -> dict[str, float]:
    return {"seconds": round(t["seconds"], 1), "cables_per_s": round(cables / t["seconds"], 1),
            "cables_per_s_per_worker": round(cables / t["seconds"] / count, 1),
            "cables_per_worker_cpu_s": round(cables / max(t["worker_cpu"], 1e-9), 1),
            "server_cpu_ms_per_cable": round(1000 * t["server_cpu"] / cables, 2),
            "worker_cpu_share_of_wall": round(t["worker_cpu"] / t["seconds"] / count, 2)}


def run(cables: int, archives: int, counts: list[int], corpus: Path | None) -> dict[str, Any]:
    base = Settings()
    templates = source_files(corpus)
    report: dict[str, Any] = {"cables": cables, "archives": archives, "cores": os.cpu_count(),
                              "opensearch": base.opensearch_hosts, "minio": base.s3_endpoints,
                              "shards_replicas": [base.index_shards, base.index_replicas],
                              "loadavg_before": os.getloadavg()[0]}
    for n, count in enumerate(counts):
        report[f"workers_{count}"] = run_once(base, templates, cables, archives, count, offset=n)
    if len(counts) == 2:
        a, b = (report[f"workers_{c}"] for c in counts)
        report["speedup"] = {s: round(a[s]["seconds"] / b[s]["seconds"], 2) for s in COUNTS}
    report["loadavg_after"] = os.getloadavg()[0]
    return report


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cables", type=int, default=3000)
    parser.add_argument("--archives", type=int, default=12)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.cables, args.archives, args.workers, args.corpus), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
