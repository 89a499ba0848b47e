"""A steady feed through a running system: one cable per upload at a fixed rate, each timed from its
upload to the moment a search finds it (no refresh forced: what a reader sees).

  python -m bench.feedrate [--per-minute 1000] [--seconds 120] [--corpus DIR]

Talks to the services the environment names (`source deploy/local/cluster-env.sh`: the upload service
and OpenSearch nodes of `make cluster`, whose workers do the work), with the development key that
cluster.sh keeps.  Ids are real archive ids the index does not hold yet.  Prints the achieved rate and
the percentiles of upload-to-searchable, as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.archive import fresh_archive_ids, generate
from bench.corpus import BenchFile, source_files
from bench.stats import summary_ms
from cablestream.infra.wiring import Wiring
from cablestream.settings import Settings

SENDERS = 8


def held(w: Wiring, ids: list[str]) -> set[str]:
    """Which of ``ids`` the index holds."""
    body = {"query": {"ids": {"values": ids}}, "_source": False, "size": len(ids)}
    return {hit["_id"] for hit in w.search.search(index=w.settings.index_alias, body=body)["hits"]["hits"]}


class Watcher:
    """Finds, every 50 ms, which of the sent ids a search returns, and when each was first seen."""

    def __init__(self, w: Wiring) -> None:
        self.w = w
        self.sent: dict[str, float] = {}
        self.seen: dict[str, float] = {}
        self.lock, self.stop = threading.Lock(), threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                waiting = [i for i in self.sent if i not in self.seen]
            if waiting:
                body = {"query": {"ids": {"values": waiting}}, "_source": False, "size": len(waiting)}
                hits = self.w.search.search(index=self.w.settings.index_alias, body=body)["hits"]["hits"]
                now = time.perf_counter()
                with self.lock:
                    self.seen.update({hit["_id"]: now for hit in hits if hit["_id"] not in self.seen})
            self.stop.wait(0.05)


def run(per_minute: int, seconds: float, corpus: Path | None) -> dict[str, Any]:
    w = Wiring(Settings())
    count = int(per_minute * seconds / 60)
    files = generate(source_files(corpus), count, fresh_archive_ids(count, lambda ids: held(w, ids)))
    key_file = Path(os.environ["CABLESTREAM_CLUSTER_RUN_DIR"]).parent / "keys" / ".cablestream" / "dev-key"
    watcher = Watcher(w)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    interval, start = 60 / per_minute, time.perf_counter()
    with httpx.Client(base_url=f"http://127.0.0.1:{w.settings.upload_port}", timeout=30,
                      headers={"Authorization": f"Bearer {key_file.read_text().strip()}"}) as client, \
            ThreadPoolExecutor(SENDERS) as pool:
        def send(n: int, f: BenchFile) -> None:
            time.sleep(max(0.0, start + n * interval - time.perf_counter()))
            sent = time.perf_counter()
            client.post("/v1/uploads", files=[("files", (f.name, f.data))]).raise_for_status()
            with watcher.lock:
                watcher.sent[f.reference_id] = sent

        # Several senders: one upload takes longer than the interval when the machine is busy.
        list(pool.map(send, range(len(files)), files))
    sent_for = time.perf_counter() - start
    deadline = time.perf_counter() + 120
    while len(watcher.seen) < count and time.perf_counter() < deadline:
        time.sleep(0.2)
    watcher.stop.set()
    delays = [watcher.seen[i] - t for i, t in watcher.sent.items() if i in watcher.seen]
    return {"cables": count, "per_minute_asked": per_minute, "per_minute_sent": round(count / sent_for * 60),
            "searchable": len(delays), "upload_to_searchable": summary_ms(delays),
            "loadavg": os.getloadavg()[0]}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.feedrate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-minute", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.per_minute, args.seconds, args.corpus), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
