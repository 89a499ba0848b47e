"""Bad input at scale: over a thousand malformed files of thirty kinds through the upload API of the whole
system, and the bars it must hold.

  python -m bench.badinput [--seed N] [--extract] [--corpus DIR] [--kinds a,b] [--timeout S]   (make bad-input)
  python -m bench.badinput --list                                 the kinds, as the README names them

The system runs as local processes (``devtools.localsystem``) in a namespace of its own on the shared
servers; nothing is left behind.  Extraction is off unless ``--extract``: spaCy would take most of the
ten minutes on the texts the hostile files carry, and the run is about what the files do to the pipeline.
Printed: a table per kind (files, parsed, named by a failure record, refused with a 4xx problem,
unexplained, 5xx), the peak RSS of every process against its bound, the failure store's growth, worker
deaths, and the bars.  Exit status 1 when a bar is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx

from bench.badchecks import (
    Deaths,
    FailureFigures,
    attach_failures,
    deaths,
    failure_store_bytes,
    memory_bars,
    records_bar,
)
from bench.badreport import Bar, FileResult, kind_table, refused, unexplained
from bench.badsend import upload_all, wait_for_jobs
from bench.hostile import KINDS, MAX_FILE_BYTES, Sample, describe, generate
from bench.procwatch import Watch
from cablestream.auth.keys import KeyStore
from cablestream.infra.queue import EXPRESS, QUEUES
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.pending import index_pending
from devtools.localsystem import drop_namespace, local_system, namespace_settings

REPO = Path(__file__).resolve().parents[1]
LOG_DIR = REPO / ".cablestream" / "badinput-logs"
# Redis bytes the failure store may grow by per 10,000 bad members: a member is listed once, as JSON of its
# index, name (a path inside an archive) and reason (cut at 300 characters): 600 bytes is room for both.
STORE_BYTES_PER_10K = 6 * 1024 * 1024


@dataclass
class Figures:
    results: list[FileResult]
    server_errors: list[str]
    failures: FailureFigures
    store_growth: int
    dead: Deaths
    page: Bar
    stuck_jobs: list[str]

    @property
    def store_per_10k(self) -> float:
        return self.store_growth / max(self.failures.members, 1) * 10_000


def run(opts: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    samples = generate(opts.seed, opts.corpus, opts.kinds)
    print(f"generated {len(samples)} files of {len({s.kind for s in samples})} kinds, "
          f"{sum(len(s.data) for s in samples) / 1e6:.0f} MB, in {time.perf_counter() - t0:.1f} s "
          f"(seed {opts.seed})", flush=True)
    settings = namespace_settings("csbadinput", extract_enabled=opts.extract, max_file_bytes=MAX_FILE_BYTES)
    wiring = Wiring(settings)
    wiring.setup()
    watch = Watch()
    concurrency = {"parse": 2, "index": 1, "extract": 1 if opts.extract else 0}
    try:
        with local_system(settings, LOG_DIR, 0, 0, concurrency=concurrency) as urls:
            figures = _drive(opts, wiring, watch, urls.upload, urls.api, samples)
    finally:
        watch.stop()
        drop_namespace(wiring)
    return _report(figures, watch, time.perf_counter() - t0)


def _drive(opts: argparse.Namespace, w: Wiring, watch: Watch, upload: str, api: str,
           samples: list[Sample]) -> Figures:
    keys = KeyStore(w.redis)
    ingest = {"Authorization": f"Bearer {keys.create('badinput', ['ingest'])[1]}"}
    admin = {"Authorization": f"Bearer {keys.create('badinput-admin', ['admin'])[1]}"}
    store_before = failure_store_bytes(w.redis)
    watch.start()
    with httpx.Client(base_url=upload, headers=ingest, timeout=600) as client:
        start = time.perf_counter()
        results, answers = upload_all(client, samples)
        print(f"uploaded in {time.perf_counter() - start:.1f} s: answers {answers.by_class}", flush=True)
        waited, stuck = wait_for_jobs(client, results, opts.timeout, partial(_idle, w))
        print(f"files settled and the pipeline idle {waited:.0f} s later", flush=True)
    time.sleep(2 * watch.interval)  # a last sample of every process before anything stops
    watch.sample()
    failures = attach_failures(w, results)
    return Figures(results, answers.server_errors, failures, failure_store_bytes(w.redis) - store_before,
                   deaths(LOG_DIR, watch, w), _members_page(api, admin, failures), stuck)


def _idle(w: Wiring) -> bool:
    """Nothing queued, held by a worker (kombu's unacked) or waiting in the index stage's pending set."""
    pipe = w.redis.pipeline(transaction=False)
    for queue in (*QUEUES, *EXPRESS.values()):
        pipe.llen(queue)
    pipe.hlen("unacked")
    for express in (False, True):
        pipe.hlen(index_pending(w.redis, express).key)
    return not any(pipe.execute())


def _members_page(api: str, headers: dict[str, str], failures: FailureFigures) -> Bar:
    """The largest grouped record lists its members by page through the read API, its last page too."""
    name = "the largest record pages its members (GET /v1/failures/{id}/members)"
    if failures.largest is None:
        return Bar(name, "no grouped record", True)
    count, kept = failures.largest_count, min(failures.largest_count, 100_000)
    response = httpx.get(f"{api}/v1/failures/{failures.largest}/members", headers=headers, timeout=60,
                         params={"offset": max(0, kept - 10), "size": 1000})
    body = response.json() if response.status_code == 200 else {}
    items = len(body.get("items", []))
    ok = body.get("count") == count and body.get("kept") == kept and items == min(10, kept)
    return Bar(name, f"{failures.largest}: count {body.get('count')}, kept {body.get('kept')}, last page "
               f"{items} items (HTTP {response.status_code})", ok)


def _report(f: Figures, watch: Watch, seconds: float) -> int:
    print("\n== per kind ==\n" + "\n".join(kind_table(f.results)))
    print("\n".join(unexplained(f.results)))
    print("refused up front, and why:\n" + "\n".join(refused(f.results)))
    memory, memory_bars_ = memory_bars(watch)
    print("\n== peak RSS (VmHWM) per process ==\n" + "\n".join(memory))
    fails, dead = f.failures, f.dead
    print(f"\n== failure store ==\n  {fails.records} records covering {fails.members} bad members; Redis grew by "
          f"{f.store_growth / 1e6:.2f} MB = {f.store_per_10k / 1e6:.2f} MB per 10,000 bad members; the largest "
          f"record covers {fails.largest_count}; records per file: max {fails.max_per_file}")
    print(f"\n== worker deaths ==\n  worker log lines {len(dead.log_lines)}, WorkerLost records "
          f"{dead.worker_lost_records}, pool children gone {dead.vanished_children} (recycled for memory "
          f"{dead.recycled}), worker processes gone {dead.vanished_mains}")
    print("".join(f"  {line}\n" for line in dead.log_lines[:10]), end="")
    bars = [*_bars(f), *memory_bars_]
    print(f"\n== bars ({seconds:.0f} s in all) ==\n" + "\n".join(b.line() for b in bars))
    print("".join(f"  5xx: {e}\n" for e in f.server_errors[:10]), end="")
    if f.stuck_jobs:
        print(f"\n== outside the bars: {len(f.stuck_jobs)} jobs never done (files settled, pipeline idle) ==")
        print("\n".join(f"  {j}" for j in f.stuck_jobs[:10]))
    return 0 if all(b.ok for b in bars) else 1


def _bars(f: Figures) -> list[Bar]:
    outcomes = [r.outcome for r in f.results]
    return [Bar("worker deaths", str(f.dead.total), f.dead.total == 0),
            Bar("5xx answers (or none) from the upload service", str(len(f.server_errors)), not f.server_errors),
            Bar("files unexplained (neither parsed, named by a failure record nor refused with a reason)",
                str(outcomes.count("unexplained")), "unexplained" not in outcomes),
            records_bar(f.failures),
            Bar(f"failure store per 10,000 bad members <= {STORE_BYTES_PER_10K / 1e6:.1f} MB",
                f"{f.store_per_10k / 1e6:.2f} MB", f.store_per_10k <= STORE_BYTES_PER_10K),
            f.page]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.badinput", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=None, help="extra seed cables (optional)")
    parser.add_argument("--kinds", type=lambda s: s.split(","), default=None, help="only these kinds")
    parser.add_argument("--extract", action="store_true", help="run the extract worker too (slower)")
    parser.add_argument("--timeout", type=float, default=420, help="seconds to wait for the jobs")
    parser.add_argument("--list", action="store_true", help="print the kinds and exit")
    opts = parser.parse_args(argv)
    if opts.list:
        print("\n".join(f"- `{kind}`: {describe(kind)}" for kind in KINDS))
        return 0
    return run(opts)


if __name__ == "__main__":
    sys.exit(main())
