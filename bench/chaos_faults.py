"""The faults, each a function of the running scenario: it injects the fault, stamps its time, waits
out the outage the scenario prescribes and recovers (restarts what it killed), leaving notes.

Restarts follow what an operator's tooling would do: a worker or the feed is started again 15-20 s after
it died (``make services``'s command line), a server by ``servers.sh start``.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bench.chaos_load import Sent
from bench.chaos_measure import held_extractions
from bench.chaos_procs import Services, busiest_child
from bench.chaos_stack import ChaosServers
from cablestream.feeds.ledger import Ledger
from cablestream.infra.wiring import Wiring

RESTART_AFTER = 17.0  # seconds a killed worker or feed stays down (the spec: 15-20 s)
SERVER_DOWN = 15.0  # seconds MinIO or Redis stays down before it is started again
FREEZE = 60.0  # seconds OpenSearch stays stopped (SIGSTOP) before SIGCONT
BUSY_TICKS = 3  # CPU ticks (1/100 s) in 0.3 s that make a prefork child busy: it is running a task
BUSY_WAIT = 30.0  # how long to look for a busy child before killing the busiest one anyway


@dataclass
class Run:
    """One scenario while it runs: what a fault needs, and what it leaves for the report."""

    servers: ChaosServers
    services: Services
    wiring: Wiring
    sent: Sent
    t_fault: float = 0.0
    notes: list[str] = field(default_factory=list)
    held: dict[str, set[str]] = field(default_factory=dict)  # extract work held by the worker at the fault


class Fault(Protocol):
    def __call__(self, run: Run) -> None: ...


def _stamp(run: Run) -> None:
    run.t_fault = time.monotonic()


def _hold_snapshot(run: Run, stage: str) -> None:
    if stage == "extract":  # what the extract worker holds: its recovery is what the row's settle times
        run.held = held_extractions(run.wiring)
        run.notes.append(f"extract worker held {sum(len(v) for v in run.held.values())} cables at the fault")


def kill_child(stage: str) -> Fault:
    def fault(run: Run) -> None:
        worker = run.services[f"worker-{stage}"]
        deadline = time.monotonic() + BUSY_WAIT
        victim, ticks = busiest_child(worker.pid)
        while ticks < BUSY_TICKS and time.monotonic() < deadline:
            victim, ticks = busiest_child(worker.pid)
        _hold_snapshot(run, stage)
        os.kill(victim, signal.SIGKILL)
        _stamp(run)
        run.notes.append(f"kill -9 of prefork child {victim} of worker-{stage} "
                         f"({'busy' if ticks >= BUSY_TICKS else 'IDLE'}: {ticks} CPU ticks in 0.3 s)")
    return fault


def kill_worker(stage: str) -> Fault:
    def fault(run: Run) -> None:
        worker = run.services[f"worker-{stage}"]
        _hold_snapshot(run, stage)
        worker.kill_group()
        _stamp(run)
        time.sleep(RESTART_AFTER)
        worker.start()
        run.notes.append(f"kill -9 of worker-{stage}'s process group, restarted {RESTART_AFTER:.0f} s later")
    return fault


def kill_feed(run: Run) -> None:
    """Kill the dir feed while its ledger holds a file between claim and done (a file it was in the
    middle of submitting), watched in a tight loop; the ledger read after the kill says where it died."""
    feed = run.services["feed-dir"]
    ledger = Ledger(run.wiring.redis, f"dir:{Path(feed.argv[-1]).resolve()}")  # the feed's id (DirFeed)
    deadline = time.monotonic() + BUSY_WAIT
    while not run.wiring.redis.hlen(ledger.open_key) and time.monotonic() < deadline:
        time.sleep(0.0005)
    feed.kill_group()
    _stamp(run)
    left = {sha[:12]: entry.step for sha, entry in ledger.unfinished().items()}
    where = f"mid-file, ledger open: {left}" if left else "between files (no ledger entry open)"
    run.notes.append(f"kill -9 of the dir feed {where}, {len(run.sent.accepted)} archives dropped; "
                     f"restarted {RESTART_AFTER:.0f} s later")
    time.sleep(RESTART_AFTER)
    feed.start()


def freeze_opensearch(run: Run) -> None:
    run.servers.signal("opensearch", signal.SIGSTOP)
    _stamp(run)
    try:
        time.sleep(FREEZE)
    finally:  # never leave the server stopped, whatever happens to the suite meanwhile
        run.servers.signal("opensearch", signal.SIGCONT)
    run.notes.append(f"OpenSearch stopped (SIGSTOP) for {FREEZE:.0f} s")


def kill_server(name: str, down: float) -> Fault:
    def fault(run: Run) -> None:
        pid = run.servers.signal(name, signal.SIGKILL)
        _stamp(run)
        _wait_gone(pid)
        time.sleep(max(0.0, run.t_fault + down - time.monotonic()))
        began = time.monotonic()
        run.servers.start(name)
        run.notes.append(f"kill -9 of {name}, started again after {began - run.t_fault:.0f} s "
                         f"(ready {time.monotonic() - began:.0f} s later)")
    return fault


def _wait_gone(pid: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
