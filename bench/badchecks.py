"""The measures behind the bars: failure records per file and their bytes in Redis, worker deaths, the
peak memory of every process against its bound."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import redis

from bench.badreport import Bar, FileResult
from bench.procwatch import Watch
from cablestream.infra.wiring import Wiring
from cablestream.parsing.formats.limits import MAX_MEMBER_BYTES
from cablestream.pipeline.stages.parse import MAX_GROUPS
from cablestream.state.failures import PREFIX

MB = 1024 * 1024
# Peak RSS each kind of process may reach, and why.
# - upload: the multipart parser spools every part over 1 MB to disk and the route streams it to MinIO in
#   parts; a request's files are never held whole.  400 MB is three times what it idles at.
# - api: serves nothing of this run (a few failure pages); the same 400 MB.
# - parse (pool child): holds one member of at most MAX_MEMBER_BYTES (512 MiB), which zlib builds and joins,
#   so twice that for a moment, plus the interpreter and the parser's tables (~250 MB); a child past 400 MB
#   is replaced after its task (--max-memory-per-child), so that peak does not stay.
# - parse, index, extract main processes: supervisors that run no task: 400 MB.
# - index (pool child): a bulk of up to 200 records of at most ~40 MB each (a 16 MiB cable); this run's
#   largest are 8-10 MB cables: 1 GB.
# - extract (pool child): bounded at 550 MB by --max-memory-per-child after each task; spaCy on one cable of
#   a million characters holds ~2.5 GB during the task, so this run leaves extraction off by default.
BOUNDS_MB = {"upload": 400, "api": 400, "parse": 400, "index": 400, "extract": 400,
             "parse-child": 2 * MAX_MEMBER_BYTES // MB + 300, "index-child": 1000, "extract-child": 1200}


def failure_store_bytes(r: redis.Redis) -> int:
    """Bytes Redis holds for every failure key (records, member lists, indexes), MEMORY USAGE summed."""
    keys = list(r.scan_iter(match=f"{PREFIX}*", count=1000))
    pipe = r.pipeline(transaction=False)
    for key in keys:
        pipe.memory_usage(key, samples=0)
    return sum(int(n or 0) for n in pipe.execute())


@dataclass
class FailureFigures:
    records: int
    members: int  # inputs the parse records cover (a grouped record counts each member)
    max_per_file: int
    largest: str | None  # the id of the record covering the most members
    largest_count: int



def attach_failures(w: Wiring, results: list[FileResult]) -> FailureFigures:
    """Give each file its open failure records (by sha256) and count what the store holds."""
    per_file = {r.sha256: sorted(w.failures.for_file(r.sha256)) for r in results}
    for result in results:
        result.failure_ids = [f for f in per_file[result.sha256] if w.failures.is_open(f)]
    failures = w.failures.query(stage="parse", include_resolved=True, limit=1_000_000)
    largest = max(failures, key=lambda f: f.count, default=None)
    return FailureFigures(len(w.failures.query(include_resolved=True, limit=1_000_000)),
                          sum(f.count for f in failures), max((len(v) for v in per_file.values()), default=0),
                          largest.id if largest else None, largest.count if largest else 0)


def records_bar(figures: FailureFigures) -> Bar:
    return Bar(f"failure records per file <= {MAX_GROUPS}", f"max {figures.max_per_file}",
               figures.max_per_file <= MAX_GROUPS)


_DEATH = re.compile(r"WorkerLostError|exited with|Worker exited prematurely")
_RECYCLED = re.compile(r"exceeding memory limit")


@dataclass
class Deaths:
    log_lines: list[str]
    recycled: int
    worker_lost_records: int
    vanished_children: int
    vanished_mains: int

    @property
    def total(self) -> int:
        return (len(self.log_lines) + self.worker_lost_records + max(0, self.vanished_children - self.recycled)
                + self.vanished_mains)


def deaths(log_dir: Path, watch: Watch, w: Wiring) -> Deaths:
    """Every sign of a dead worker: its log, a WorkerLost failure record, a pool child gone (not recycled)."""
    lines, recycled = [], 0
    for log in sorted(log_dir.glob("worker-*.log")):
        for line in log.read_text(errors="replace").splitlines():
            if _DEATH.search(line):
                lines.append(f"{log.name}: {line[:200]}")
            recycled += bool(_RECYCLED.search(line))
    lost = len(w.failures.query(error_type="WorkerLost", include_resolved=True, limit=100_000))
    return Deaths(lines, recycled, lost, len(watch.vanished_children), len(watch.vanished_mains))


def memory_bars(watch: Watch) -> tuple[list[str], list[Bar]]:
    lines, bars = [f"  {'process':14s} {'pid':>8s} {'peak RSS MB':>12s} {'bound MB':>9s}"], []
    for role, procs in watch.by_role().items():
        bound = BOUNDS_MB.get(role, 400)
        for proc in procs:
            peak = proc.peak_kb / 1024
            lines.append(f"  {role:14s} {proc.pid:8d} {peak:12.1f} {bound:9d}{'' if peak <= bound else '  OVER'}")
        worst = max(p.peak_kb for p in procs) / 1024
        bars.append(Bar(f"peak RSS of {role} <= {bound} MB", f"max {worst:.0f} MB over {len(procs)}", worst <= bound))
    return lines, bars
