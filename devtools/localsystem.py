"""Run the whole system as local processes against one settings namespace.

Used by the end-to-end tests and the benchmark, so both exercise exactly what `make run` starts:
both HTTP services and one Celery worker per stage, each a real process talking to the real servers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import redis
from pydantic import SecretStr

from cablestream.infra.queue import WORKER_QUEUES
from cablestream.infra.wiring import Wiring
from cablestream.settings import Settings

WORKERS = tuple(WORKER_QUEUES)  # parse, index, extract, express


@dataclass(frozen=True)
class Endpoints:
    upload: str
    api: str


# Namespaces live in Redis databases 16-255 (0 is `make run`; a few low ones are the benches' fixed ones).
NAMESPACE_DBS = range(16, 256)
CLAIM_KEY = "cablestream:namespace:claim"
# Longer than any test session, bench or chaos run; a run killed before dropping its namespace frees the
# database when its claim expires (the next claimer empties it).
CLAIM_SECONDS = 6 * 3600
LOCAL_REDIS = "redis://127.0.0.1:6390"


def claim_database(owner: str, base: Settings | None = None, server: str = LOCAL_REDIS) -> int:
    """A Redis database on ``server`` that no one else uses, claimed for ``owner`` until ``drop_namespace``
    (its FLUSHDB) or ``CLAIM_SECONDS``.  Chosen by hashing the owner, then the next free one: two runs that
    hash alike (1 in 240) must never share queues, jobs or keys (they did: one run's FLUSHDB revoked the
    other's API keys)."""
    creds = base or Settings(env="development")
    first = zlib.crc32(owner.encode()) % len(NAMESPACE_DBS)
    for step in range(len(NAMESPACE_DBS)):
        db = NAMESPACE_DBS[(first + step) % len(NAMESPACE_DBS)]
        client = redis.Redis.from_url(creds.redis_dsn(f"{server}/{db}"))
        try:
            if not client.set(CLAIM_KEY, owner, nx=True, ex=CLAIM_SECONDS):
                continue
            if client.dbsize() > 1:  # leftovers of a run that died; its claim had expired
                with client.pipeline(transaction=True) as tx:
                    tx.flushdb()
                    tx.set(CLAIM_KEY, owner, ex=CLAIM_SECONDS)
                    tx.execute()
            return db
        finally:
            client.close()
    raise RuntimeError(f"every Redis database among {NAMESPACE_DBS} is claimed on {server}")


def namespace_settings(prefix: str, **overrides: Any) -> Settings:
    """Settings for a throw-away namespace on the local servers (tests, benchmarks): a Redis database
    (claimed, see ``claim_database``), a bucket and index aliases of its own, so concurrent runs on one
    machine never meet.  ``drop_namespace`` gives it all back."""
    ns = f"{prefix}-{uuid.uuid4().hex[:8]}"
    # A caller that brings its own Redis database (the chaos stack's servers) claims nothing on the local one:
    # that claim needed the local Redis up (``make chaos`` failed without it) and leaked a database for 6 hours.
    redis_url = overrides.pop("redis_url", None) or f"{LOCAL_REDIS}/{claim_database(ns)}"
    values: dict[str, Any] = {
        "env": "development", "redis_url": redis_url,
        "bucket": ns, "index_alias": f"{ns}-cables", "entities_alias": f"{ns}-entities", "log_level": "WARNING",
    }
    return Settings(**(values | overrides))


def drop_namespace(w: Wiring) -> None:
    """Delete everything a namespace holds: its indices, its bucket and its Redis database (its claim too)."""
    for alias in (w.settings.index_alias, w.settings.entities_alias):
        w.search.indices.delete(index=f"{alias}*", params={"ignore_unavailable": "true"})
    w.store.remove_bucket()
    w.redis.flushdb()


def settings_env(settings: Settings) -> dict[str, str]:
    """Settings as environment variables, the only way services are configured."""
    def plain(value: Any) -> str:  # a secret passes to the child as itself, not as its mask
        return value.get_secret_value() if isinstance(value, SecretStr) else str(value)

    # An unset optional setting (None) stays unset: "None" in the environment would not parse.
    return {f"CABLESTREAM_{k.upper()}": plain(v) for k, v in settings.model_dump().items() if v is not None}


EXTRACT_NICENESS = 10
EXTRACT_MAX_MEMORY_KB = 550_000
# A parse or index child past this is replaced after its task (one huge or hostile file), as services.sh does.
MAX_MEMORY_KB = {"parse": 400_000, "index": 400_000, "extract": EXTRACT_MAX_MEMORY_KB, "express": 400_000}


@contextmanager
def local_system(settings: Settings, log_dir: Path, upload_port: int, api_port: int,
                 concurrency: dict[str, int] | None = None) -> Iterator[Endpoints]:
    """Start the services, wait until they answer, yield their URLs, stop them all.

    A port of 0 picks a free one, so concurrent runs on one machine never collide.  The extract worker
    runs at a lower priority, as ``deploy/local/services.sh`` starts it.
    """
    upload_port, api_port = upload_port or free_port(), api_port or free_port()
    bin_dir = Path(sys.executable).parent
    log_dir.mkdir(parents=True, exist_ok=True)
    env = os.environ | settings_env(settings)
    conc = {"parse": 1, "index": 1, "extract": 1, "express": 1} | (concurrency or {})
    procs = [
        _spawn([str(bin_dir / "uvicorn"), "services.upload.app:create_app", "--factory", "--port", str(upload_port),
                "--no-access-log"],
               env, log_dir / "upload.log"),
        _spawn([str(bin_dir / "uvicorn"), "services.api.app:create_app", "--factory", "--port", str(api_port),
                "--no-access-log"],
               env, log_dir / "api.log"),
    ]
    for stage in WORKERS:
        if conc.get(stage, 0) and _has_worker(stage):
            nice = ["nice", "-n", str(EXTRACT_NICENESS)] if stage == "extract" else []
            bound = ["--max-memory-per-child", str(MAX_MEMORY_KB[stage])]
            procs.append(_spawn([*nice, str(bin_dir / "celery"), "-A", f"services.{stage}_worker.tasks", "worker",
                                 "-Q", WORKER_QUEUES[stage], "--concurrency", str(conc[stage]),
                                 "--hostname", f"{stage}@%h", "--without-gossip", "--without-mingle",
                                 "--loglevel", "WARNING", *bound],
                                env, log_dir / f"worker-{stage}.log"))
    try:
        endpoints = Endpoints(f"http://127.0.0.1:{upload_port}", f"http://127.0.0.1:{api_port}")
        wait_http(f"{endpoints.upload}/healthz", _all_alive(procs))
        wait_http(f"{endpoints.api}/healthz", _all_alive(procs))
        yield endpoints
    finally:
        _stop(procs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _has_worker(stage: str) -> bool:
    return (Path(__file__).resolve().parents[1] / "services" / f"{stage}_worker" / "tasks.py").exists()


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(args, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                cwd=Path(__file__).resolve().parents[1])


def wait_http(url: str, check_alive: Callable[[], None], timeout: float = 60) -> None:
    """Until ``url`` answers 200; ``check_alive`` raises when the service behind it has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        check_alive()
        time.sleep(0.3)
    raise RuntimeError(f"{url} not ready after {timeout:.0f}s")


def _all_alive(procs: list[subprocess.Popen[bytes]]) -> Callable[[], None]:
    def check() -> None:
        dead = [p.args for p in procs if p.poll() is not None]
        if dead:
            raise RuntimeError(f"a service exited during start: {dead}")
    return check


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
