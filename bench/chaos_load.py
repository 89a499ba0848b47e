"""The load a fault meets: real-template cables under real archive ids, in tar.gz archives (the
generator of ``bench.archive``), sent while the fault happens.

Archives go in one at a time at a steady pace, so that every stage is busy when the fault lands and
files keep arriving through it.  The uploader behaves as a careful user would: an upload answered
with an error (a 503 while a server is down, a refused or cut connection) is sent again after the
``Retry-After`` the service gave (else 2 s), until it is accepted or the give-up time passes.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.archive import generate, pack
from bench.corpus import source_files

GIVE_UP_SECONDS = 300.0  # per archive: past this an upload counts as not accepted


@dataclass(frozen=True)
class Workload:
    archives: list[tuple[str, bytes]]
    members: dict[str, frozenset[str]]  # archive name -> the reference ids it holds

    @classmethod
    def build(cls, corpus: Path | None, cables: int, archives: int) -> Workload:
        files = generate(source_files(corpus), cables)
        size = -(-len(files) // archives)
        chunks = [files[k:k + size] for k in range(0, len(files), size)]
        packed = [(f"chaos-{n:03d}.tar.gz", pack(chunk, 1)[0][1]) for n, chunk in enumerate(chunks)]
        members = {name: frozenset(f.reference_id for f in chunk)
                   for (name, _), chunk in zip(packed, chunks, strict=True)}
        return cls(packed, members)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset().union(*self.members.values())

    def ids_of(self, names: list[str]) -> set[str]:
        return set().union(*(self.members[n] for n in names)) if names else set()


@dataclass
class Sent:
    """What the load has sent so far (read by the suite's thread while the sender's thread writes)."""

    accepted: list[str] = field(default_factory=list)  # archive names, in the order they were accepted
    job_ids: list[str] = field(default_factory=list)  # the jobs the upload service answered (uploads only)
    refused: list[str] = field(default_factory=list)  # archives given up on
    errors: dict[str, int] = field(default_factory=dict)  # answers that were errors, by kind
    done: threading.Event = field(default_factory=threading.Event)

    def note_error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class Uploader(threading.Thread):
    def __init__(self, url: str, headers: dict[str, str], archives: list[tuple[str, bytes]], pace: float) -> None:
        super().__init__(name="chaos-uploader", daemon=True)
        self.url, self.headers, self.archives, self.pace = url, headers, archives, pace
        self.sent = Sent()

    def run(self) -> None:
        try:
            with httpx.Client(base_url=self.url, headers=self.headers, timeout=120) as client:
                for name, data in self.archives:
                    self._send(client, name, data)
                    time.sleep(self.pace)
        finally:
            self.sent.done.set()

    def _send(self, client: httpx.Client, name: str, data: bytes) -> None:
        give_up = time.monotonic() + GIVE_UP_SECONDS
        while time.monotonic() < give_up:
            wait = 2.0
            try:
                answer = client.post("/v1/uploads", files=[("files", (name, data, "application/gzip"))])
            except httpx.TransportError as err:
                self.sent.note_error(type(err).__name__)
            else:
                if answer.status_code == 202:
                    self.sent.job_ids.append(str(answer.json()["job_id"]))
                    self.sent.accepted.append(name)
                    return
                self.sent.note_error(f"HTTP {answer.status_code}")
                if answer.status_code < 500:  # a request of ours the service refuses: sending it again cannot help
                    break
                wait = float(answer.headers.get("Retry-After", wait))
            time.sleep(wait)
        self.sent.refused.append(name)


class DirDropper(threading.Thread):
    """Drops the archives into the directory a feed watches, each written under a temporary name the
    feed skips (``.part``) and renamed into place, as a careful producer does."""

    def __init__(self, directory: Path, archives: list[tuple[str, bytes]], pace: float) -> None:
        super().__init__(name="chaos-dropper", daemon=True)
        self.directory, self.archives, self.pace = directory, archives, pace
        self.sent = Sent()

    def run(self) -> None:
        try:
            for name, data in self.archives:
                part = self.directory / f"{name}.part"
                part.write_bytes(data)
                os.rename(part, self.directory / name)
                self.sent.accepted.append(name)
                time.sleep(self.pace)
        finally:
            self.sent.done.set()
