"""Running one feed as a long-lived process: the entry point shared by the service and the CLI.

Settings are read once here; SIGTERM and SIGINT ask the feed to stop after the file in hand (a
``kill -9`` is survivable too, see :mod:`cablestream.feeds.submit`).
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Literal

from prometheus_client import start_http_server

from cablestream.infra.wiring import Wiring
from cablestream.logging import configure_logging
from cablestream.settings import Settings

Kind = Literal["dir", "bucket"]


def run_feed(kind: Kind, target: str | None, settings: Settings | None = None) -> None:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_json)
    wiring = Wiring(settings)
    wiring.store.ensure_bucket()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=settings.metrics_host)
    if kind == "dir":
        from cablestream.feeds.dirfeed import DirFeed

        DirFeed(wiring, Path(target or "."), stop).run()
    else:
        from cablestream.feeds.bucketfeed import BucketFeed

        BucketFeed(wiring, target or settings.feed_bucket, stop).run()
