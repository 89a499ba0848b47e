"""The chaos suite's own Redis, MinIO and OpenSearch: ``deploy/local/servers.sh`` with another data
directory and other ports, so faults never touch the shared servers that other sessions' tests use.

``servers.sh`` takes everything it needs from the environment (``deploy/local/env.sh``): the data, run
and log directory (``CABLESTREAM_VAR``) and the four ports.  OpenSearch's transport port is its HTTP port
plus 100, its ``path.data`` and ``path.logs`` live under ``CABLESTREAM_VAR``, and it is a single node: a
second instance runs beside the first without meeting it.  Each server is started under ``setsid``, so its
recorded pid leads a process group, and a fault signals the whole group.
"""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cablestream.settings import Settings
from devtools.localsystem import namespace_settings

REPO = Path(__file__).resolve().parents[1]
SERVERS_SH = REPO / "deploy" / "local" / "servers.sh"
SERVER_NAMES = ("redis", "minio", "opensearch")


def default_var() -> Path:
    """Beside the shared servers' directory, as ``env.sh`` places that one (root: under /var)."""
    if os.getuid() == 0:
        return Path("/var/lib/cablestream-chaos")
    return Path.home() / ".local" / "state" / "cablestream-chaos"


@dataclass(frozen=True)
class Ports:
    redis: int = 6391
    minio: int = 9012
    minio_console: int = 9013
    opensearch: int = 9211


class ChaosServers:
    def __init__(self, var: Path, ports: Ports) -> None:
        self.var, self.ports = var, ports

    def env(self) -> dict[str, str]:
        return os.environ | {
            "CABLESTREAM_VAR": str(self.var),
            "CABLESTREAM_REDIS_PORT": str(self.ports.redis),
            "CABLESTREAM_MINIO_PORT": str(self.ports.minio),
            "CABLESTREAM_MINIO_CONSOLE_PORT": str(self.ports.minio_console),
            "CABLESTREAM_OPENSEARCH_PORT": str(self.ports.opensearch),
        }

    def start(self, *names: str) -> None:
        """Start the named servers (all by default) unless they run; returns once they answer."""
        subprocess.run(["bash", str(SERVERS_SH), "start", *names], env=self.env(), check=True)

    def stop(self) -> None:
        subprocess.run(["bash", str(SERVERS_SH), "stop"], env=self.env(), check=False)

    def pid(self, name: str) -> int:
        return int((self.var / "run" / f"{name}.pid").read_text().strip())

    def signal(self, name: str, sig: signal.Signals) -> int:
        """Send ``sig`` to the server's process group; returns the pid it leads."""
        pid = self.pid(name)
        os.killpg(pid, sig)
        return pid

    def log(self, name: str) -> Path:
        return self.var / "log" / f"{name}.log"

    def settings(self, prefix: str, db: int, **overrides: Any) -> Settings:
        """A fresh namespace (database, bucket, index aliases) on these servers."""
        redis = f"redis://127.0.0.1:{self.ports.redis}"
        values: dict[str, Any] = {
            "redis_url": f"{redis}/{db}", "feed_events_redis_url": f"{redis}/0",
            "s3_endpoint": f"127.0.0.1:{self.ports.minio}",
            "opensearch_url": f"http://127.0.0.1:{self.ports.opensearch}",
            "log_level": "INFO",  # the services' logs are what a diagnosis of a missed row reads
        }
        return namespace_settings(prefix, **(values | overrides))
