"""The services under test as real processes, each the leader of a process group of its own.

Command lines are those of ``deploy/local/services.sh`` (``make services``): the upload service under
uvicorn, one Celery prefork worker per stage (parse 4 processes, index 1, extract one per core plus one
at nice 10 with a memory bound per child) and the directory feed.  Unlike ``devtools.localsystem``,
each starts in a session of its own, so that ``killpg`` kills a whole worker (parent and prefork
children) without touching the suite itself.  Prefork children are found in ``/proc`` by parent pid.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cablestream.settings import Settings
from devtools.localsystem import EXTRACT_NICENESS, MAX_MEMORY_KB, free_port, settings_env, wait_http

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CONCURRENCY = {"parse": 4, "index": 1, "extract": (os.cpu_count() or 2) + 1}


@dataclass
class Service:
    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> None:
        with self.log.open("ab") as handle:  # appended: a restart keeps the log of the killed run
            self.proc = subprocess.Popen(self.argv, env=self.env, cwd=REPO, stdout=handle,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        self.starts += 1

    @property
    def pid(self) -> int:
        if self.proc is None:
            raise RuntimeError(f"{self.name} is not started")
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill_group(self) -> None:
        """kill -9 of the whole process group: the parent and every prefork child at once."""
        os.killpg(self.pid, signal.SIGKILL)
        assert self.proc is not None
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if not self.alive():
            return
        assert self.proc is not None
        os.killpg(self.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


def child_env(settings: Settings) -> dict[str, str]:
    env = os.environ | settings_env(settings)
    # This checkout's code, whatever the virtualenv's editable install points at; no metrics endpoint
    # or multiprocess directory, so nothing collides with a `make services` system on the same host.
    env["PYTHONPATH"] = f"{REPO / 'shared'}{os.pathsep}{REPO}"
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def worker(stage: str, settings: Settings, log_dir: Path) -> Service:
    extract = stage == "extract"
    argv = ["nice", "-n", str(EXTRACT_NICENESS if extract else 0), str(BIN / "celery"),
            "-A", f"services.{stage}_worker.tasks", "worker", "-Q", stage, "--concurrency", str(CONCURRENCY[stage]),
            "--hostname", f"{stage}@%h", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
            "--max-memory-per-child", str(MAX_MEMORY_KB[stage])]
    return Service(f"worker-{stage}", argv, child_env(settings), log_dir / f"worker-{stage}.log")


def upload_service(settings: Settings, log_dir: Path, port: int) -> Service:
    argv = [str(BIN / "uvicorn"), "services.upload.app:create_app", "--factory", "--no-access-log",
            "--host", "127.0.0.1", "--port", str(port)]
    return Service("upload", argv, child_env(settings), log_dir / "upload.log")


def dir_feed(settings: Settings, log_dir: Path, directory: Path) -> Service:
    argv = [sys.executable, "-m", "services.feed", "dir", str(directory)]
    return Service("feed-dir", argv, child_env(settings), log_dir / "feed-dir.log")


@dataclass
class Services:
    """The processes of one scenario, by name."""

    by_name: dict[str, Service] = field(default_factory=dict)
    upload_url: str = ""

    @classmethod
    def build(cls, settings: Settings, log_dir: Path, stages: list[str], feed_dir: Path | None) -> Services:
        log_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        services = [upload_service(settings, log_dir, port), *(worker(s, settings, log_dir) for s in stages)]
        if feed_dir is not None:
            services.append(dir_feed(settings, log_dir, feed_dir))
        return cls({s.name: s for s in services}, f"http://127.0.0.1:{port}")

    def __getitem__(self, name: str) -> Service:
        return self.by_name[name]

    def start(self, timeout: float = 90) -> None:
        for service in self.by_name.values():
            service.start()
        wait_http(f"{self.upload_url}/healthz", _alive(self["upload"]), timeout)
        for service in self.by_name.values():
            if service.name.startswith("worker-"):
                wait_children(service, CONCURRENCY[service.name.removeprefix("worker-")], timeout)

    def stop(self) -> None:
        for service in reversed(list(self.by_name.values())):  # the feed first: it feeds the others
            service.stop()


def _alive(service: Service) -> Callable[[], None]:
    def check() -> None:
        if not service.alive():
            raise RuntimeError(f"{service.name} exited while starting; see {service.log}")
    return check


def wait_children(service: Service, count: int, timeout: float) -> None:
    """A prefork worker is up once its pool processes are: they are forked after the app loaded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(children(service.pid)) >= count:
            return
        if not service.alive():
            raise RuntimeError(f"{service.name} exited while starting; see {service.log}")
        time.sleep(0.3)
    raise RuntimeError(f"{service.name}: {count} pool processes not up after {timeout:.0f}s")


def _stat_fields(pid: int) -> list[str]:
    """Fields 3.. of /proc/PID/stat: the command name (field 2) may hold spaces and parentheses, so
    split after its closing parenthesis.  Index 0 is the state, 1 the parent pid, 11-12 user and system ticks."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text.rsplit(")", 1)[1].split()


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int(_stat_fields(int(entry.name))[1]) == pid:
                out.append(int(entry.name))
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue
    return sorted(out)


def cpu_ticks(pid: int) -> int:
    try:
        fields = _stat_fields(pid)
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])


def busiest_child(pid: int, window: float = 0.3) -> tuple[int, int]:
    """The prefork child that used the most CPU over ``window`` seconds, and its ticks (1/100 s): a child
    burning CPU is running a task, so killing it lands mid-batch."""
    kids = children(pid)
    if not kids:
        raise RuntimeError(f"worker {pid} has no pool processes")
    before = {k: cpu_ticks(k) for k in kids}
    time.sleep(window)
    used = {k: cpu_ticks(k) - before[k] for k in kids}
    victim = max(used, key=lambda k: used[k])
    return victim, used[victim]
