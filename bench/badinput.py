"""Bad input at scale: over a thousand malformed files of thirty kinds through the upload API of the whole
system, and the bars it must hold.

  python -m bench.badinput [--seed N] [--extract] [--corpus DIR] [--kinds a,b] [--timeout S]   (make bad-input)
  python -m bench.badinput --list                                 the kinds, as the README names them

The system runs as local processes (``devtools.localsystem``) in a namespace of its own on the shared
servers; nothing is left behind.  Extraction is off unless ``--extract``: spaCy would take most of the
ten minutes on the texts the hostile files carry, and the run is about what the files do to the pipeline.
Printed: a table per kind (files, parsed, named by a failure record, refused with a 4xx problem,
unexplained, 5xx), the peak RSS of every process against its bound, the failure store's growth, and
the bars.  Exit status 1 when a bar is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
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
from cablestream.infra.wiring import Wiring
from devtools.localsystem import drop_namespace, local_system, namespace_settings

REPO = Path(__file__).resolve().parents[1]
LOG_DIR = REPO / ".cablestream" / "badinput-logs"
# Redis bytes the failure store may grow by per 10,000 bad members: a member is listed once, as JSON of its
# index, name (a path inside an archive) and reason (cut at 300 characters): 600 bytes is room for both.
STORE_BYTES_PER_10K = 6 * 1024 * 1024


def run(opts: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    samples = generate(opts.seed, opts.corpus, opts.kinds)
    made = time.perf_counter() - t0
    print(f"generated {len(samples)} files of {len({s.kind for s in samples})} kinds, "
          f"{sum(len(s.data) for s in samples) / 1e6:.0f} MB, in {made:.1f} s (seed {opts.seed})", flush=True)
    settings = namespace_settings("csbadinput", extract_enabled=opts.extract, max_file_bytes=MAX_FILE_BYTES)
    wiring = Wiring(settings)
    wiring.setup()
    watch = Watch()
    try:
        with local_system(settings, LOG_DIR, 0, 0, concurrency={"parse": 2, "index": 1,
                                                               "extract": 1 if opts.extract else 0}) as urls:
            return _drive(opts, wiring, watch, urls.upload, urls.api, samples, t0)
    finally:
        watch.stop()
        drop_namespace(wiring)


def _drive(opts: argparse.Namespace, w: Wiring, watch: Watch, upload: str, api: str, samples: list[Sample],
           t0: float) -> int:
    keys = KeyStore(w.redis)
    ingest = {"Authorization": f"Bearer {keys.create('badinput', ['ingest'])[1]}"}
    admin = {"Authorization": f"Bearer {keys.create('badinput-admin', ['admin'])[1]}"}
    store_before = failure_store_bytes(w.redis)
    watch.start()
    with httpx.Client(base_url=upload, headers=ingest, timeout=600) as client:
        start = time.perf_counter()
        results, answers = upload_all(client, samples)
        sent = time.perf_counter() - start
        print(f"uploaded in {sent:.1f} s: answers {answers.by_class}", flush=True)
        waited = wait_for_jobs(client, results, opts.timeout)
        print(f"jobs settled in {waited:.1f} s more", flush=True)
    time.sleep(2 * watch.interval)  # a last sample of every process before anything stops
    watch.sample()
    figures = attach_failures(w, results)
    grown = failure_store_bytes(w.redis) - store_before
    dead = deaths(LOG_DIR, watch, w)
    page = _members_page(api, admin, figures.largest, figures.largest_count)
    return _report(results, answers.server_errors, figures, grown, dead, watch, page, time.perf_counter() - t0)


def _members_page(api: str, headers: dict[str, str], failure_id: str | None, count: int) -> Bar:
    """The largest grouped record lists its members by page through the read API, the last page too."""
    if failure_id is None:
        return Bar("largest record pages its members", "no grouped record", True)
    kept = min(count, 100_000)
    url = f"{api}/v1/failures/{failure_id}/members"
    last = httpx.get(url, params={"offset": max(0, kept - 10), "size": 1000}, headers=headers, timeout=60)
    body = last.json() if last.status_code == 200 else {}
    ok = body.get("count") == count and body.get("kept") == kept and len(body.get("items", [])) == min(10, kept)
    return Bar("largest record pages its members (GET /v1/failures/{id}/members)",
               f"{failure_id}: count {body.get('count')}, kept {body.get('kept')}, last page "
               f"{len(body.get('items', []))} items (HTTP {last.status_code})", ok)


def _report(results: list[FileResult], server_errors: list[str], figures: FailureFigures, grown: int,
            dead: Deaths, watch: Watch, page: Bar, seconds: float) -> int:
    print("\n== per kind ==")
    print("\n".join(kind_table(results)))
    print("\n".join(unexplained(results)))
    print("refused up front:\n" + "\n".join(refused(results)))
    memory, memory_ok = memory_bars(watch)
    print("\n== peak RSS (VmHWM) per process ==")
    print("\n".join(memory))
    per_10k = grown / max(figures.members, 1) * 10_000
    print(f"\n== failure store ==\n  {figures.records} records covering {figures.members} bad members; "
          f"Redis grew by {grown / 1e6:.2f} MB = {per_10k / 1e6:.2f} MB per 10,000 bad members; "
          f"largest record {figures.largest} covers {figures.largest_count}")
    print(f"\n== worker deaths ==\n  log lines {len(dead.log_lines)}, WorkerLost records {dead.worker_lost_records}, "
          f"pool children gone {dead.vanished_children} (recycled for memory {dead.recycled}), "
          f"worker processes gone {dead.vanished_mains}")
    print("\n".join(f"  {line}" for line in dead.log_lines[:10]))
    outcomes = [r.outcome for r in results]
    bars = [Bar("worker deaths", str(dead.total), dead.total == 0),
            Bar("5xx answers (or none) from the upload service", str(len(server_errors)), not server_errors),
            Bar("files unexplained (neither parsed, named nor refused with a reason)",
                str(outcomes.count("unexplained")), "unexplained" not in outcomes),
            records_bar(figures),
            Bar(f"failure store per 10,000 bad members <= {STORE_BYTES_PER_10K / 1e6:.1f} MB",
                f"{per_10k / 1e6:.2f} MB", per_10k <= STORE_BYTES_PER_10K),
            *memory_ok, page]
    print(f"\n== bars ({seconds:.0f} s in all) ==")
    print("\n".join(b.line() for b in bars))
    print("\n".join(f"  5xx: {e}" for e in server_errors[:10]))
    return 0 if all(b.ok for b in bars) else 1


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
