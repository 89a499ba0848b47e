"""One scenario from start to row: a fresh namespace, the services, the load, the fault, the wait for
every job to settle, the counts.

"Settled" (the row's seconds, from the fault): every archive of the load accepted, and every job done or
failed (the index stage's end; the issue's table is about indexing).  In the extract rows, also every
cable the extract worker held at the fault extracted: the work a killed extract process had in hand is
what its kill puts at risk, while the rest of the extraction backlog (about 15 cables/s on two cores, so
minutes for 3,000 cables) moves at its own pace.  Those rows then wait for the whole extraction to end
(or to stall) and report its time in their own column.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.chaos_faults import Run
from bench.chaos_load import DirDropper, Sent, Uploader, Workload
from bench.chaos_measure import Snapshot, Tally, snapshot, still_unextracted, tally
from bench.chaos_procs import Services
from bench.chaos_scenarios import Scenario
from bench.chaos_stack import ChaosServers
from cablestream.auth.keys import KeyStore
from cablestream.infra.wiring import Wiring
from devtools.localsystem import drop_namespace

SETTLE_BAR = 120.0  # seconds from the fault to every job settled: the bar of a row
SETTLE_LIMIT = 300.0  # how long past the fault a run waits for it, before counting what is stuck
TRIGGER_LIMIT = 300.0
EXTRACT_STALL = 120.0  # extraction waited for until no cable was extracted for this long
POLL = 0.5


@dataclass(frozen=True)
class Options:
    archives: int
    pace: float  # seconds between two archives of the load
    log_root: Path
    lease: int | None = None  # CABLESTREAM_TASK_LEASE_SECONDS, when not the default
    keep: bool = False  # keep each namespace's data for a post-mortem


@dataclass
class Row:
    name: str
    tally: Tally | None = None
    settle: float | None = None
    extract_done: float | None = None  # seconds from the fault to every cable extracted (extract rows)
    offered: int = 0  # cables in the workload (accepted or not)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    def misses(self) -> list[str]:
        if self.error or self.tally is None:
            return ["error"]
        t, out = self.tally, []
        out += ["lost"] if t.lost else []
        out += ["duplicates"] if t.duplicates else []
        out += ["stuck"] if t.stuck else []
        out += ["not accepted"] if t.cables_in < self.offered else []
        out += ["settle"] if self.settle is None or self.settle > SETTLE_BAR else []
        return out


def run_scenario(sc: Scenario, db: int, servers: ChaosServers, work: Workload, opts: Options) -> Row:
    servers.start()  # idempotent: a server an earlier, failed scenario left down comes back first
    overrides: dict[str, object] = {"extract_enabled": sc.extract}
    if opts.lease:
        overrides["task_lease_seconds"] = opts.lease
    wiring = Wiring(servers.settings(f"chaos-{sc.name}", db, **overrides))
    wiring.redis.flushdb()
    wiring.setup()
    log_dir = opts.log_root / sc.name
    shutil.rmtree(log_dir, ignore_errors=True)
    feed_dir = log_dir / "incoming" if sc.feed else None
    if feed_dir:
        feed_dir.mkdir(parents=True)
    services = Services.build(wiring.settings, log_dir, ["parse", "index", *(["extract"] if sc.extract else [])],
                              feed_dir)
    row = Row(sc.name, offered=len(work.ids))
    try:
        services.start()
        _drive(sc, row, Run(servers, services, wiring, Sent()), work, opts, feed_dir)
    except Exception as err:  # the row says what broke; the other scenarios still run
        row.error = f"{type(err).__name__}: {err}"
    finally:
        services.stop()
        _cleanup(servers, wiring, opts.keep)
    return row


def _drive(sc: Scenario, row: Row, run: Run, work: Workload, opts: Options, feed_dir: Path | None) -> None:
    load = _start_load(run, work, opts, feed_dir)
    run.sent = load.sent
    _await_trigger(sc, run, len(work.ids))
    sc.fault(run)
    row.settle = _await_settled(sc, run)
    if sc.extract:
        row.extract_done = _await_extraction(run)
    load.join(timeout=SETTLE_LIMIT)
    row.tally = tally(run.wiring, work.ids_of(run.sent.accepted), work.ids, sc.extract)
    row.notes = run.notes + _load_notes(run.sent) + _tally_notes(row.tally)
    jobs = snapshot(run.wiring)
    if jobs is not None and jobs.files != len(run.sent.accepted):  # an archive accepted twice, or lost
        row.notes.append(f"{jobs.files} files in {jobs.jobs} jobs for {len(run.sent.accepted)} archives")


def _start_load(run: Run, work: Workload, opts: Options, feed_dir: Path | None) -> Uploader | DirDropper:
    load: Uploader | DirDropper
    if feed_dir is not None:
        load = DirDropper(feed_dir, work.archives, opts.pace)
    else:
        _, key = KeyStore(run.wiring.redis).create("chaos", ["ingest"])
        load = Uploader(run.services.upload_url, {"Authorization": f"Bearer {key}"}, work.archives, opts.pace)
    load.start()
    return load


def _await_trigger(sc: Scenario, run: Run, total: int) -> None:
    deadline = time.monotonic() + TRIGGER_LIMIT
    while time.monotonic() < deadline:
        s = snapshot(run.wiring)
        if s is not None and sc.trigger(s, run.sent, total):
            return
        if s is not None and _settled(s, run.sent) and not (sc.extract and s.unextracted):
            raise RuntimeError(f"the load settled before the fault's moment came ({s})")
        time.sleep(0.1)  # finer than POLL: the moment of a fault matters more than that of a settle
    raise RuntimeError(f"the fault's moment did not come within {TRIGGER_LIMIT:.0f}s")


def _settled(s: Snapshot, sent: Sent) -> bool:
    """Every archive of the load accepted (or given up on) and every job done or failed."""
    return sent.done.is_set() and s.files >= len(sent.accepted) and s.unsettled == 0


def _await_settled(sc: Scenario, run: Run) -> float | None:
    """Seconds from the fault to settled, or None if not within SETTLE_LIMIT."""
    while time.monotonic() < run.t_fault + SETTLE_LIMIT:
        s = snapshot(run.wiring)
        if s is not None and _settled(s, run.sent) and (not sc.extract or still_unextracted(run.wiring, run.held) == 0):
            return s.at - run.t_fault
        time.sleep(POLL)
    return None


def _await_extraction(run: Run) -> float | None:
    """Seconds from the fault to every indexed cable extracted, or None once extraction stalled."""
    last_count, last_move = -1, time.monotonic()
    while time.monotonic() - last_move < EXTRACT_STALL:
        s = snapshot(run.wiring)
        if s is not None and s.unsettled == 0 and s.unextracted == 0:
            return s.at - run.t_fault
        if s is not None and s.extracted != last_count:
            last_count, last_move = s.extracted, time.monotonic()
        time.sleep(POLL)
    return None


def _load_notes(sent: Sent) -> list[str]:
    notes = []
    if sent.errors:
        kinds = ", ".join(f"{kind} x{n}" for kind, n in sorted(sent.errors.items()))
        notes.append(f"client saw errors and sent those archives again: {kinds}")
    if sent.refused:
        notes.append(f"{len(sent.refused)} archives never accepted: {', '.join(sent.refused)}")
    if sent.job_ids and len(set(sent.job_ids)) != len(sent.job_ids):
        notes.append("the upload service answered the same job twice")
    return notes


def _tally_notes(t: Tally) -> list[str]:
    notes = [f"{t.unexpected} indexed cables not of the load"] if t.unexpected else []
    if t.failures:
        notes.append("open failure records: " + ", ".join(f"{k} x{n}" for k, n in sorted(t.failures.items())))
    return notes


def _cleanup(servers: ChaosServers, wiring: Wiring, keep: bool) -> None:
    if keep:
        return
    with contextlib.suppress(Exception):  # a server the scenario broke: the next scenario's start reports it
        servers.start()
        drop_namespace(wiring)
