"""The directory feed: every new or changed file under a directory is ingested once, files that become
stable together as one job (`feeds.submit.submit_many`).

At start the directory is walked once (files that arrived or changed while the feed was down); after
that only inotify events (watchdog) bring files in.  A file is ingested once it stopped changing, and a
per-feed index path -> (size, mtime, sha256) skips files already seen unchanged without reading them.
"""

from __future__ import annotations

import os
import queue
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from cablestream.errors import ConfigurationError
from cablestream.feeds.backpressure import BacklogGate
from cablestream.feeds.ledger import PREFIX, Ledger
from cablestream.feeds.patience import TRANSIENT, patiently
from cablestream.feeds.stability import Signature, Stabilizer, ignored
from cablestream.feeds.submit import submit_many
from cablestream.infra.iopool import io_map
from cablestream.infra.storage import StoredFile
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.pipeline.ingest import store_upload

SOURCE = "feed:dir"
TICK = 0.1  # how often watched files are checked for stability
log = get_logger(__name__)


class DirFeed:
    def __init__(self, wiring: Wiring, root: Path, stop: threading.Event | None = None) -> None:
        s = wiring.settings
        self.w, self.root = wiring, root.resolve()
        self.stop = stop or threading.Event()
        self.feed_id = f"dir:{self.root}"
        self.ledger = Ledger(wiring.redis, self.feed_id)
        self.index_key = f"{PREFIX}:{self.feed_id}:files"
        self.gate = BacklogGate(wiring.redis, self.feed_id, s.feed_max_backlog, s.feed_resume_backlog,
                                s.feed_backlog_poll_seconds, self.stop)
        self.stabilizer = Stabilizer(s.feed_stable_seconds)
        self.events: queue.SimpleQueue[str] = queue.SimpleQueue()

    def run(self) -> None:
        if not self.root.is_dir():
            raise FeedError(f"not a directory: {self.root}")
        observer = Observer()
        # Watching starts before the walk, so a file landing during the walk is seen at least once.
        observer.schedule(_Handler(self.events), str(self.root), recursive=True)
        observer.start()
        log.info("dir feed started", feed=self.feed_id)
        try:
            self._walk(self.root)
            while not self.stop.is_set():
                self.step()
        finally:
            observer.stop()
            observer.join()
            log.info("dir feed stopped", feed=self.feed_id)

    def step(self) -> None:
        try:
            paths = [self.events.get(timeout=TICK)]
        except queue.Empty:
            paths = []
        while not self.events.empty():
            paths.append(self.events.get_nowait())
        now = time.monotonic()
        for path in paths:
            if not ignored(Path(path).relative_to(self.root)):
                self.stabilizer.observe(path, _signature(path), now)
        ready: list[tuple[str, Signature]] = []
        for path, signature in self.stabilizer.ready(now):
            current = _signature(path)
            if current != signature:  # changed without an event we saw: watch it again
                self.stabilizer.observe(path, current, now)
            else:
                ready.append((path, signature))
        per_job = max(1, self.w.settings.parse_batch_files)
        for start in range(0, len(ready), per_job):
            if not self.stop.is_set():
                self._ingest_safely(ready[start:start + per_job])

    def _ingest_safely(self, batch: list[tuple[str, Signature]]) -> None:
        try:
            # A server is down: try again until it is back; the ledger makes the retry safe.
            for attempt in patiently(self.stop, self.feed_id):
                with attempt:
                    self.ingest(batch)
        except TRANSIENT:
            for path, _ in batch:  # stopped while a server was down: kept for the walk of the next start
                self.events.put(path)
        except Exception as err:  # a bug or an odd file must not stop the feed for every other file
            if len(batch) > 1:  # find the file: the others go through one by one
                for one in batch:
                    self._ingest_safely([one])
                return
            # Not marked as ingested: the walk at the next start offers it again.
            log.exception("feed file failed", feed=self.feed_id, path=batch[0][0], error_type=type(err).__name__)

    def ingest(self, batch: list[tuple[str, Signature]]) -> None:
        """Files that became stable together: stored, then submitted as one job."""
        names = [str(Path(path).relative_to(self.root)) for path, _ in batch]
        seen = self.w.redis.hmget(self.index_key, names) if names else []
        todo = [name for (_, signature), name, known in zip(batch, names, seen, strict=True)
                if not _unchanged(known, signature) and self._within_limit(name, signature)]
        if not todo:
            return
        self.gate.wait()
        if self.stop.is_set():
            return  # the walk at the next start will find them
        # The writes to object storage overlap: per-file latency, not bandwidth, is what a feed of small files pays.
        reads = io_map(self._store, todo)
        stored = [(name, read) for name, read in zip(todo, reads, strict=True) if read is not None]
        if not stored:
            return
        results = submit_many(self.w, self.ledger, [(f.stored, name) for name, f in stored], SOURCE)
        self.w.redis.hset(self.index_key, mapping={name: f"{f.size_mtime}:{f.stored.sha256}" for name, f in stored})
        for (name, f), result in zip(stored, results, strict=True):
            log.info("feed file", feed=self.feed_id, path=name, sha256=f.stored.sha256, job_id=result.job_id,
                     new=result.new)

    def _within_limit(self, name: str, signature: Signature) -> bool:
        if signature[0] <= self.w.settings.max_file_bytes:
            return True
        log.warning("feed file too large", feed=self.feed_id, path=name, size=signature[0])
        return False

    def _store(self, name: str) -> _Read | None:
        try:
            # O_NOFOLLOW: a symlink swapped in since the signature was taken is refused, not followed
            # out of the watched directory.
            with os.fdopen(os.open(self.root / name, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
                st = os.fstat(handle.fileno())
                return _Read(store_upload(self.w, handle), f"{st.st_size}:{st.st_mtime_ns}")
        except OSError as err:  # vanished, unreadable or a symlink since it was seen
            log.warning("feed file unreadable", feed=self.feed_id, path=name, error=str(err))
            return None

    def _walk(self, directory: Path) -> None:
        for dirpath, _, files in os.walk(directory):
            for filename in files:
                self.events.put(os.path.join(dirpath, filename))


@dataclass(frozen=True, slots=True)
class _Read:
    stored: StoredFile
    size_mtime: str  # "size:mtime_ns" of the file as it was read


def _unchanged(known: str | bytes | None, signature: Signature) -> bool:
    """Whether the index says this file was ingested with this size and mtime."""
    return known is not None and os.fsdecode(known).startswith(f"{signature[0]}:{signature[1]}:")


class FeedError(ConfigurationError):
    """A feed cannot start: its directory or bucket is missing or unusable."""


class _Handler(FileSystemEventHandler):
    def __init__(self, sink: queue.SimpleQueue[str]) -> None:
        self.sink = sink

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in {"deleted", "opened", "closed_no_write"}:
            return
        path = os.fsdecode(event.dest_path if event.event_type == "moved" else event.src_path)
        if event.is_directory:
            # A directory moved in brings files that raise no events of their own.
            if event.event_type in {"created", "moved"}:
                for dirpath, _, files in os.walk(path):
                    for filename in files:
                        self.sink.put(os.path.join(dirpath, filename))
            return
        self.sink.put(path)


def _signature(path: str) -> Signature | None:
    """Size and mtime of a regular file; None for anything else.  Symlinks are not followed: a link
    dropped into the feed directory must not read files from outside it."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None
