"""Watch the processes a run started: their peak memory, and whether any of them died.

Every process of the local system descends from the run (``devtools.localsystem`` spawns the services as
its children, Celery forks its pool children from them), so the run finds them by walking ``/proc`` from
its own pid and nothing of another run on the machine is counted.  A background thread samples every
``interval`` seconds:
- ``VmHWM`` of each process (the kernel's high-water mark of its RSS), kept per pid, so a pool child that
  is gone at the end still reports its peak from its last sample;
- the pool children of each Celery worker: a child that disappears while its worker lives is a death,
  unless the worker log says it was recycled for memory (``--max-memory-per-child``, every worker).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

ROLES = (("services.upload", "upload"), ("services.api", "api"), ("services.parse_worker", "parse"),
         ("services.index_worker", "index"), ("services.extract_worker", "extract"))


@dataclass
class Proc:
    pid: int
    role: str  # upload, api, parse, index, extract (+ "-child" for a Celery pool child)
    peak_kb: int = 0
    alive: bool = True


@dataclass
class Watch:
    root: int = field(default_factory=os.getpid)
    interval: float = 0.5
    procs: dict[int, Proc] = field(default_factory=dict)
    vanished_children: list[Proc] = field(default_factory=list)
    vanished_mains: list[Proc] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self.sample()
        self._thread = threading.Thread(target=self._loop, name="procwatch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sample()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        seen = _descendants(self.root)
        for pid, role in seen.items():
            proc = self.procs.setdefault(pid, Proc(pid, role))
            proc.peak_kb = max(proc.peak_kb, _vm_hwm(pid))
        for proc in self.procs.values():
            if proc.alive and proc.pid not in seen:
                proc.alive = False
                (self.vanished_children if proc.role.endswith("-child") else self.vanished_mains).append(proc)

    def by_role(self) -> dict[str, list[Proc]]:
        out: dict[str, list[Proc]] = {}
        for proc in sorted(self.procs.values(), key=lambda p: (p.role, p.pid)):
            out.setdefault(proc.role, []).append(proc)
        return out


def _descendants(root: int) -> dict[int, str]:
    """pid -> role of every service process below ``root`` and of their pool children."""
    parents: dict[int, int] = {}
    cmdlines: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdlines[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces
    roles: dict[int, str] = {}
    for pid, cmd in cmdlines.items():
        role = next((r for marker, r in ROLES if marker in cmd), None)
        if role is None or not _below(pid, root, parents):
            continue
        parent_role = next((r for marker, r in ROLES if marker in cmdlines.get(parents.get(pid, 0), "")), None)
        roles[pid] = f"{role}-child" if parent_role == role else role
    return roles


def _below(pid: int, root: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        pid = parents.get(pid, 0)
        if pid == root:
            return True
    return False


def _vm_hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
