"""CPU seconds per role of a run, read from /proc (Linux): where the CPU of a phase went, per file.

The services of a run descend from it (``devtools.localsystem`` spawns them, Celery forks its pool children
from them), so they are found by walking ``/proc`` from the run's own pid, as ``bench.procwatch`` does.
The servers (Redis, MinIO, OpenSearch) are found by their command line; they may serve other runs on the
machine at the same time, so their figures are an upper bound.
"""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
ROLES = (("services.upload", "upload"), ("services.api", "api"), ("services.parse_worker", "parse"),
         ("services.index_worker", "index"), ("services.express_worker", "express"),
         ("services.extract_worker", "extract"), ("services.feed", "feed"))
SERVERS = (("redis-server", "redis"), ("minio", "minio"), ("org.opensearch.bootstrap", "opensearch"))


def snapshot(root: int | None = None) -> dict[str, float]:
    """CPU seconds (user + system) so far, per role: the run's services (mains and pool children
    together), the run itself (``bench``) and the servers."""
    root = root or os.getpid()
    parents: dict[int, int] = {}
    cmdlines: dict[int, str] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdlines[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
    out: dict[str, float] = {"bench": cpu.get(root, 0.0)}
    for pid, cmd in cmdlines.items():
        role = next((r for marker, r in ROLES if marker in cmd), None)
        if role is not None and _below(pid, root, parents):
            out[role] = out.get(role, 0.0) + cpu[pid]
            continue
        server = next((r for marker, r in SERVERS if marker in cmd), None)
        if server is not None and role is None:
            out[server] = out.get(server, 0.0) + cpu[pid]
    return out


def per_item_ms(before: dict[str, float], after: dict[str, float], items: int) -> dict[str, float]:
    """Milliseconds of CPU per item of each role between two snapshots (roles that used none left out)."""
    out = {}
    for role in sorted(set(before) | set(after)):
        spent = after.get(role, 0.0) - before.get(role, 0.0)
        if spent > 0:
            out[role] = round(1000 * spent / max(items, 1), 2)
    out["total"] = round(sum(out.values()), 2)
    return out


def _below(pid: int, root: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        pid = parents.get(pid, 0)
        if pid == root:
            return True
    return False
