"""Pipeline benchmark: upload-to-searchable latency and end-to-end throughput, each next to a raw
OpenSearch baseline measured in the same run on the same records.

The system runs as real processes (``devtools.localsystem``) in a namespace of its own, so a
running `make run` system is not disturbed and nothing is left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench import cpuwatch
from bench.corpus import BenchFile, distinct_cables, source_files
from bench.stats import summary_ms
from cablestream.auth.keys import KeyStore
from cablestream.infra.wiring import Wiring
from cablestream.parsing import ParseFailure, parse_bytes
from cablestream.search.client import load_mapping
from cablestream.search.indexing import bulk_upsert
from devtools.localsystem import drop_namespace, local_system, namespace_settings, settings_env

REPO = Path(__file__).resolve().parents[1]
UPLOAD_BATCH = 50  # files per request in the upload throughput run
CLIENTS = 8  # concurrent senders of single-file requests


def run(corpus: Path | None, cables: int = 1000, latency_runs: int = 20) -> dict[str, Any]:
    """Latency (``latency_runs`` probes, 0: none), then ``cables`` files through upload and through the dir feed."""
    settings = namespace_settings("csbench")
    wiring = Wiring(settings)
    wiring.setup()
    files = source_files(corpus)
    try:
        with local_system(settings, REPO / ".cablestream" / "bench-logs", 0, 0,
                          concurrency={"parse": 4, "index": 1, "extract": 0}) as urls, \
                httpx.Client(base_url=urls.upload, timeout=120, headers=_auth(wiring)) as client:
            latency = _latency(client, wiring, list(distinct_cables(files, latency_runs, "7"))) if latency_runs else {}
            throughput = _throughput(client, wiring, list(distinct_cables(files, cables, "8")))
            single = _single_requests(urls.upload, wiring, list(distinct_cables(files, cables, "6")))
            dir_feed = _dir_feed_throughput(wiring, list(distinct_cables(files, cables, "9")))
    finally:
        drop_namespace(wiring)
    return {"source_files": len(files), "latency": latency, "throughput": throughput,
            "single_file_requests": single, "dir_feed": dir_feed}


def _latency(client: httpx.Client, w: Wiring, batch: list[BenchFile]) -> dict[str, Any]:
    pipeline, raw = [], []
    for item in batch:
        start = time.perf_counter()
        client.post("/v1/uploads", files=[("files", (item.name, item.data))]).raise_for_status()
        _wait_searchable(w, w.settings.index_alias, [item.reference_id])
        pipeline.append(time.perf_counter() - start)
    raw_index = f"{w.settings.index_alias}-raw"
    _make_raw_index(w, raw_index)
    for record in _records(batch):
        start = time.perf_counter()
        # refresh=true: searchable at once, as the pipeline makes a one-cable bulk (index_refresh_below)
        w.search.index(index=raw_index, id=record["reference_id"], body=record, params={"refresh": "true"})
        raw.append(time.perf_counter() - start)
    p, r = summary_ms(pipeline), summary_ms(raw)
    return {"runs": len(batch), "pipeline": p, "raw_index_refresh": r,
            "ratio_p50": round(p["p50_ms"] / r["p50_ms"], 1), "ratio_p95": round(p["p95_ms"] / r["p95_ms"], 1)}


def _throughput(client: httpx.Client, w: Wiring, batch: list[BenchFile]) -> dict[str, Any]:
    before = w.search.count(index=w.settings.index_alias)["count"]
    cpu = cpuwatch.snapshot()
    start = time.perf_counter()
    for i in range(0, len(batch), UPLOAD_BATCH):
        part = batch[i:i + UPLOAD_BATCH]
        client.post("/v1/uploads", files=[("files", (f.name, f.data)) for f in part]).raise_for_status()
    _wait_searchable(w, w.settings.index_alias, [f.reference_id for f in batch], timeout=1800, before=before)
    elapsed = time.perf_counter() - start
    cpu_ms = cpuwatch.per_item_ms(cpu, cpuwatch.snapshot(), len(batch))
    return _against_raw(w, batch, elapsed, "rawbulk") | {"cpu_ms_per_file": cpu_ms}


def _single_requests(upload: str, w: Wiring, batch: list[BenchFile]) -> dict[str, Any]:
    """The same, as a feed of single files sends them: one file per request, from CLIENTS clients at
    once; every file is a job of its own, with its own parse task, index drain and refresh."""
    headers = _auth(w)
    clients = [httpx.Client(base_url=upload, timeout=120, headers=headers) for _ in range(CLIENTS)]

    def send(client: httpx.Client, share: list[BenchFile]) -> None:
        for item in share:
            client.post("/v1/uploads", files=[("files", (item.name, item.data))]).raise_for_status()

    before = w.search.count(index=w.settings.index_alias)["count"]
    cpu = cpuwatch.snapshot()
    start = time.perf_counter()
    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(send, clients, [batch[i::CLIENTS] for i in range(CLIENTS)]))
        uploaded = time.perf_counter() - start
        _wait_searchable(w, w.settings.index_alias, [f.reference_id for f in batch], timeout=1800, before=before)
    finally:
        for client in clients:
            client.close()
    elapsed = time.perf_counter() - start
    cpu_ms = cpuwatch.per_item_ms(cpu, cpuwatch.snapshot(), len(batch))
    return _against_raw(w, batch, elapsed, "rawsingle") | {"clients": CLIENTS, "upload_s": round(uploaded, 2),
                                                           "cpu_ms_per_file": cpu_ms}


def _dir_feed_throughput(w: Wiring, batch: list[BenchFile]) -> dict[str, Any]:
    """The same, through the directory feed: a feed process watches a directory, the files are dropped
    in as a careful producer does (written under a temporary name, then renamed)."""
    with tempfile.TemporaryDirectory(prefix="csbench-feed-") as tmp:
        inbox = Path(tmp)
        log = REPO / ".cablestream" / "bench-logs" / "feed-dir.log"
        env = os.environ | settings_env(w.settings.model_copy(update={"feed_stable_seconds": 0.2}))
        with log.open("wb") as out:
            feed = subprocess.Popen([sys.executable, "-m", "services.feed", "dir", str(inbox)], env=env, cwd=REPO,
                                    stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_feed_started(feed)  # watching, after its start-up walk of the empty directory
            before = w.search.count(index=w.settings.index_alias)["count"]
            cpu = cpuwatch.snapshot()
            start = time.perf_counter()
            for item in batch:
                part = inbox / f"{item.name}.part"
                part.write_bytes(item.data)
                part.rename(inbox / item.name)
            _wait_searchable(w, w.settings.index_alias, [f.reference_id for f in batch], timeout=1800,
                             before=before)
            elapsed = time.perf_counter() - start
            cpu_ms = cpuwatch.per_item_ms(cpu, cpuwatch.snapshot(), len(batch))
            return _against_raw(w, batch, elapsed, "rawdir") | {"cpu_ms_per_file": cpu_ms}
        finally:
            feed.terminate()
            feed.wait(timeout=30)


def _wait_feed_started(feed: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Until the feed watches its directory (an inotify watch in its /proc fdinfo): a fixed sleep let
    a slow start, on a busy machine, count as pipeline time."""
    deadline = time.monotonic() + timeout
    while not _watching(feed.pid):
        if feed.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the dir feed did not start (see its log)")
        time.sleep(0.05)
    time.sleep(0.2)  # its start-up walk of the empty directory


def _watching(pid: int) -> bool:
    try:
        return any("inotify wd:" in info.read_text() for info in Path(f"/proc/{pid}/fdinfo").iterdir())
    except OSError:  # an fd closed meanwhile
        return False


def _against_raw(w: Wiring, batch: list[BenchFile], pipeline_s: float, name: str) -> dict[str, Any]:
    """The pipeline's time next to a raw bulk of the same records, in bulks of the index stage's size."""
    records = _records(batch)
    raw_index = f"{w.settings.index_alias}-{name}"
    _make_raw_index(w, raw_index)
    cpu = cpuwatch.snapshot()
    start = time.perf_counter()
    for i in range(0, len(records), w.settings.index_batch_size):
        bulk_upsert(w.search, raw_index, records[i:i + w.settings.index_batch_size])
    w.search.indices.refresh(index=raw_index)
    raw_s = time.perf_counter() - start
    raw_cpu = cpuwatch.per_item_ms(cpu, cpuwatch.snapshot(), len(records))
    mb = sum(len(f.data) for f in batch) / 1e6
    return {"cables": len(batch), "megabytes": round(mb, 1),
            "pipeline_s": round(pipeline_s, 2), "pipeline_cables_per_s": round(len(batch) / pipeline_s, 1),
            "raw_bulk_s": round(raw_s, 2), "raw_bulk_cables_per_s": round(len(records) / raw_s, 1),
            "ratio_pipeline_to_raw_time": round(pipeline_s / raw_s, 1),
            "share_of_raw_rate": round(raw_s / pipeline_s, 2),
            "raw_cpu_ms_per_record": {k: v for k, v in raw_cpu.items() if k in {"bench", "opensearch", "total"}}}


def _records(batch: list[BenchFile]) -> list[dict[str, Any]]:
    out = []
    for item in batch:
        for outcome in parse_bytes(item.data, name=item.name):
            if not isinstance(outcome, ParseFailure):
                out.append(outcome.to_json_dict())
    return out


def _wait_searchable(w: Wiring, index: str, ids: list[str], timeout: float = 120, before: int | None = None) -> None:
    """Until every id is searchable.  Given ``before`` (the index's count before these were sent: the
    namespace's index holds nothing but this run's cables), a bare count, which is cheap, says when they
    may all be there, and the terms query over every id (tens of milliseconds of OpenSearch CPU for a
    thousand, which polled every 0.1 s counted as pipeline cost) checks it then."""
    deadline = time.monotonic() + timeout
    query = {"query": {"terms": {"reference_id": ids}}}
    while time.monotonic() < deadline:
        if before is not None and w.search.count(index=index)["count"] < before + len(set(ids)):
            time.sleep(0.1)
            continue
        if w.search.count(index=index, body=query)["count"] >= len(set(ids)):
            return
        time.sleep(0.02 if len(ids) == 1 else 0.1)
    raise TimeoutError(f"{len(ids)} cables not searchable after {timeout}s")


def _make_raw_index(w: Wiring, name: str) -> None:
    w.search.indices.create(index=name, body=load_mapping(w.settings.index_version))


def _auth(w: Wiring) -> dict[str, str]:
    _, key = KeyStore(w.redis).create("bench", ["ingest"])
    return {"Authorization": f"Bearer {key}"}


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    parser = argparse.ArgumentParser(prog="python -m bench.pipeline", description=run.__doc__)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--cables", type=int, default=1000)
    parser.add_argument("--latency-runs", type=int, default=20)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.corpus, cables=args.cables, latency_runs=args.latency_runs), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
