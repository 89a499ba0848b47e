"""Streaming: a large ``.tar.gz`` uploaded, stored, parsed and indexed, and the peak RSS of every process.

  python -m bench.streaming [--size-mb 1024] [--cables 20000] [--corpus DIR] [--workdir /tmp]

The archive is built on disk: ``--cables`` real-template cables under real archive ids (as
``bench.archive``), interleaved with members of random bytes (``padding/NNNNN.bin``, 4 MiB each) until
the compressed file reaches ``--size-mb``.  Random bytes do not compress, so the file is as large as
asked while its uncompressed total stays under the parser's 2 GiB per input, and its members under
100,000 (a gigabyte of compressed cables would be some five of uncompressed text, and half a million
members).  The padding members are read and refused like any unknown file (one grouped failure).

The stack runs in a namespace of its own (``devtools.localsystem``), without extraction: the run uploads
the file through the upload API (streamed from disk), waits until the job is done (every cable indexed),
and prints the peak RSS (``VmHWM``) of each process: upload, api, parse main and pool children, index main
and children.  The goal: every one under 300 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.archive import generate
from bench.corpus import source_files
from bench.pipeline import _auth
from bench.procwatch import Watch
from cablestream.infra.wiring import Wiring
from devtools.localsystem import drop_namespace, local_system, namespace_settings

REPO = Path(__file__).resolve().parents[1]
LOG_DIR = REPO / ".cablestream" / "bench-logs" / "streaming"
PAD_BYTES = 4 * 1024 * 1024
GOAL_MB = 300


def build(path: Path, size_mb: int, cables: int, corpus: Path | None) -> dict[str, int]:
    """Write the archive; returns what it holds.  Padding goes between cables, so parsing meets both
    throughout, as it would a real mixed archive."""
    files = generate(source_files(corpus), cables)
    target = size_mb * 1024 * 1024
    pads = max(0, (target - _compressed_guess(files)) // PAD_BYTES)
    every = max(1, len(files) // max(pads, 1))
    written = pad_no = 0
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:  # level 1: random bytes gain nothing from more
        for n, f in enumerate(files):
            _add(tar, f.name, f.data)
            if n % every == every - 1 and pad_no < pads:
                _add(tar, f"padding/{pad_no:05d}.bin", os.urandom(PAD_BYTES))
                pad_no += 1
            written += len(f.data)
        while path.stat().st_size < target - PAD_BYTES:  # the guess was short: pad to the size asked
            _add(tar, f"padding/{pad_no:05d}.bin", os.urandom(PAD_BYTES))
            pad_no += 1
    return {"cables": len(files), "padding_members": pad_no, "cable_bytes": written,
            "uncompressed_bytes": written + pad_no * PAD_BYTES, "file_bytes": path.stat().st_size}


def _compressed_guess(files: list[Any]) -> int:
    """Cables compress about fourfold at gzip level 1 (a low guess: the file is padded up to size at the end)."""
    return sum(len(f.data) for f in files) // 4


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def run(size_mb: int, cables: int, corpus: Path | None, workdir: Path, timeout: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="cablestream-streaming-", dir=workdir) as tmp:
        path = Path(tmp) / f"streaming-{size_mb}mb.tar.gz"
        start = time.perf_counter()
        archive = build(path, size_mb, cables, corpus)
        print(f"built {path.name}: {archive} in {time.perf_counter() - start:.0f} s", flush=True)
        # The cap on one file is a setting; the run sets it to what it sends, as a deployment would.
        settings = namespace_settings("csstream", extract_enabled=False,
                                      max_file_bytes=max(archive["file_bytes"] + 1, 512 * 1024**2))
        wiring = Wiring(settings)
        wiring.setup()
        watch = Watch()
        try:
            with local_system(settings, LOG_DIR, 0, 0, concurrency={"parse": 2, "index": 1, "extract": 0}) as urls:
                watch.start()
                timings, job = _drive(wiring, urls.upload, path, timeout)
                time.sleep(2 * watch.interval)  # a last sample of every process before anything stops
                watch.sample()
        finally:
            watch.stop()
            drop_namespace(wiring)
    return _report(archive, timings, job, watch)


def _drive(w: Wiring, upload: str, path: Path, timeout: float) -> tuple[dict[str, float], dict[str, Any]]:
    with httpx.Client(base_url=upload, headers=_auth(w), timeout=httpx.Timeout(600, connect=10)) as client:
        start = time.perf_counter()
        with path.open("rb") as handle:  # httpx sends a file part a chunk at a time
            response = client.post("/v1/uploads", files=[("files", (path.name, handle, "application/gzip"))])
        response.raise_for_status()
        uploaded = time.perf_counter() - start
        job_id = response.json()["job_id"]
        print(f"uploaded in {uploaded:.0f} s: job {job_id}", flush=True)
        while time.perf_counter() - start < timeout:
            job = client.get(f"/v1/jobs/{job_id}").raise_for_status().json()
            if job["state"] in {"done", "failed"}:
                return {"upload_s": uploaded, "done_s": time.perf_counter() - start}, job
            time.sleep(2)
    raise TimeoutError(f"job {job_id} not done after {timeout:.0f} s: {job['counts']}")


def _report(archive: dict[str, int], timings: dict[str, float], job: dict[str, Any], watch: Watch
            ) -> dict[str, Any]:
    peaks = {role: [round(p.peak_kb / 1024) for p in procs] for role, procs in watch.by_role().items()}
    highest = max((mb for mbs in peaks.values() for mb in mbs), default=0)
    return {
        "archive": archive | {"file_mb": round(archive["file_bytes"] / 1024**2)},
        "seconds": {k: round(v, 1) for k, v in timings.items()},
        "job": {"state": job["state"], "counts": job["counts"], "file": job["files"][0]},
        "peak_rss_mb_per_process": peaks,
        f"every_process_under_{GOAL_MB}_mb": highest < GOAL_MB,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.streaming", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1024, help="size of the .tar.gz to upload")
    parser.add_argument("--cables", type=int, default=20_000, help="cables inside it (the rest is padding)")
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()),
                        help="where the archive is built (removed after)")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.size_mb, args.cables, args.corpus, args.workdir, args.timeout), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
