"""Fault injection against the real local stack: ``make chaos`` (docs/chaos.md).

  python -m bench.chaos [--scenarios a,b] [--cables 3000] [--archives 20] [--lease SECONDS] [--keep]

Each scenario sends ``--cables`` real-template cables in ``--archives`` tar.gz archives through a fresh
namespace (Redis database, bucket, index aliases) of servers of the suite's own (``bench.chaos_stack``),
injects its fault mid-load with real processes and signals, and waits for every job to settle.  One row
per scenario: cables in, indexed, lost, duplicate changes, stuck jobs, seconds from the fault to settled.
The bar: 0 lost, 0 duplicates, 0 stuck, settled within 120 s; the exit code is 1 if a row misses it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench.chaos_load import Workload
from bench.chaos_run import SETTLE_BAR, SETTLE_LIMIT, Options, Row, run_scenario
from bench.chaos_scenarios import BY_NAME, SCENARIOS, Scenario
from bench.chaos_stack import ChaosServers, Ports, default_var

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
COLUMNS = ("scenario", "cables in", "indexed", "lost", "dups", "stuck", "settled s", "extracted", "bar")


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        for sc in SCENARIOS:
            print(f"{sc.name:18} {sc.what}")
        return 0
    chosen = _chosen(args.scenarios)
    started = time.monotonic()
    corpus = args.corpus or (DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else None)
    _say(f"generating {args.cables} cables in {args.archives} archives from {corpus or 'the repo samples'}")
    work = Workload.build(corpus, args.cables, args.archives)
    servers = ChaosServers(args.var, Ports(args.redis_port, args.minio_port, args.minio_port + 1, args.opensearch_port))
    opts = Options(archives=args.archives, pace=args.pace, log_root=args.logs, lease=args.lease, keep=args.keep)
    rows = _run_all(chosen, servers, work, opts, args.keep_servers)
    print(table(rows))
    _report(rows, opts, time.monotonic() - started)
    return 1 if any(r.misses() for r in rows) else 0


def _run_all(chosen: list[Scenario], servers: ChaosServers, work: Workload, opts: Options,
             keep_servers: bool) -> list[Row]:
    rows: list[Row] = []
    servers.start()
    try:
        for n, sc in enumerate(chosen):
            _say(f"[{n + 1}/{len(chosen)}] {sc.name}: {sc.what}")
            began = time.monotonic()
            # Each scenario has a Redis database of its own (1..; 0 takes MinIO's notifications).
            rows.append(run_scenario(sc, SCENARIOS.index(sc) + 1, servers, work, opts))
            _say(f"    {_brief(rows[-1])} ({time.monotonic() - began:.0f} s)")
    finally:
        if not keep_servers:
            servers.stop()
    return rows


def table(rows: list[Row]) -> str:
    cells = [COLUMNS, *(_cells(r) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) if i == 0 or i == len(COLUMNS) - 1 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(line, widths, strict=True))) for line in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {r.name}: {note}" for r in rows for note in ([r.error] if r.error else []) + r.notes]
    return "\n".join([*lines, "", f"bar: 0 lost, 0 dups, 0 stuck, settled <= {SETTLE_BAR:.0f} s", *notes])


def _cells(r: Row) -> tuple[str, ...]:
    misses = r.misses()
    bar = "ok" if not misses else "MISS: " + ", ".join(misses)
    t = r.tally
    if t is None:
        return (r.name, "-", "-", "-", "-", "-", "-", "-", bar)
    settled = f"{r.settle:.0f}" if r.settle is not None else f">{SETTLE_LIMIT:.0f}"
    if t.extracted is None:
        extracted = "off"
    else:
        extracted = f"{t.extracted}" + (f" (+{r.extract_done:.0f} s)" if r.extract_done is not None else " (stalled)")
    return (r.name, str(t.cables_in), str(t.indexed), str(t.lost), str(t.duplicates), str(t.stuck), settled,
            extracted, bar)


def _brief(r: Row) -> str:
    return r.error or ("ok" if not r.misses() else "MISS: " + ", ".join(r.misses()))


def _report(rows: list[Row], opts: Options, seconds: float) -> None:
    opts.log_root.mkdir(parents=True, exist_ok=True)
    path = opts.log_root / "report.json"
    body = {"seconds": round(seconds), "rows": [asdict(r) | {"misses": r.misses()} for r in rows]}
    path.write_text(json.dumps(body, indent=2, default=str))
    _say(f"whole run {seconds / 60:.1f} min; report {path}, service logs under {opts.log_root}/<scenario>/")


def _chosen(names: str | None) -> list[Scenario]:
    if not names:
        return list(SCENARIOS)
    unknown = [n for n in names.split(",") if n.strip() not in BY_NAME]
    if unknown:
        raise SystemExit(f"unknown scenarios {unknown}; known: {', '.join(BY_NAME)}")
    return [BY_NAME[n.strip()] for n in names.split(",")]


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.chaos", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenarios", help="comma-separated names (default: all; --list shows them)")
    p.add_argument("--list", action="store_true", help="list the scenarios and exit")
    p.add_argument("--cables", type=int, default=3000)
    p.add_argument("--archives", type=int, default=20)
    p.add_argument("--pace", type=float, default=0.5, help="seconds between two archives of the load")
    p.add_argument("--lease", type=int, default=None, help="CABLESTREAM_TASK_LEASE_SECONDS for the services")
    p.add_argument("--corpus", type=Path, default=None, help=f"templates (default {DEFAULT_CORPUS} if present)")
    p.add_argument("--var", type=Path, default=default_var(), help="the chaos servers' data, run and log dir")
    p.add_argument("--redis-port", type=int, default=Ports.redis)
    p.add_argument("--minio-port", type=int, default=Ports.minio, help="its console takes the next port")
    p.add_argument("--opensearch-port", type=int, default=Ports.opensearch, help="transport: this + 100")
    p.add_argument("--logs", type=Path, default=REPO / ".cablestream" / "chaos", help="service logs, report.json")
    p.add_argument("--keep", action="store_true", help="keep each scenario's namespace (data) for a post-mortem")
    p.add_argument("--keep-servers", action="store_true", help="leave the chaos servers running afterwards")
    return p


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
