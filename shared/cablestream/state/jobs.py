"""Job state in Redis (persisted with AOF, so it survives a restart of the services).

Counts are kept as sets of ids rather than counters: a task that runs twice adds the same ids
again and the counts stay right.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict, dataclass
from typing import Any, Literal

import redis

JobState = Literal["queued", "running", "done", "failed"]
PREFIX = "cs:job"


@dataclass
class FileEntry:
    index: int
    name: str
    sha256: str
    size: int
    duplicate: bool
    state: str = "queued"  # queued | parsing | parsed | failed
    cables: int = 0
    failed: int = 0
    error: str | None = None


def _k(job_id: str, part: str = "") -> str:
    return f"{PREFIX}:{job_id}{':' + part if part else ''}"


class JobStore:
    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def create(self, files: list[FileEntry], source: str = "upload") -> str:
        job_id = uuid.uuid4().hex
        now = time.time()
        pipe = self.r.pipeline()
        pipe.hset(_k(job_id), mapping={"job_id": job_id, "created_at": now, "updated_at": now,
                                       "files": len(files), "source": source})
        for entry in files:
            pipe.hset(_k(job_id, "files"), str(entry.index), json.dumps(asdict(entry)))
        pipe.zadd(f"{PREFIX}s", {job_id: now})
        pipe.execute()
        return job_id

    def update_file(self, job_id: str, index: int, **changes: Any) -> None:
        self.update_files(job_id, {index: changes})

    def update_files(self, job_id: str, changes: dict[int, dict[str, Any]]) -> None:
        """Change several file entries of a job in two round trips, whatever their number."""
        if not changes:
            return
        raws = self.r.hmget(_k(job_id, "files"), [str(i) for i in changes])
        pipe = self.r.pipeline()
        for (index, change), raw in zip(changes.items(), raws, strict=True):
            if raw is None:
                continue
            entry = json.loads(raw) | change
            pipe.hset(_k(job_id, "files"), str(index), json.dumps(entry))
            if entry["state"] in {"parsed", "failed"}:
                pipe.sadd(_k(job_id, "files_done"), str(index))
        pipe.hset(_k(job_id), "updated_at", time.time())
        pipe.execute()

    def add(self, job_id: str, what: Literal["parsed", "indexed", "index_failed", "extracted"],
            ids: list[str]) -> None:
        if ids:
            pipe = self.r.pipeline()
            pipe.sadd(_k(job_id, what), *ids)
            if what == "indexed":  # a cable that failed before and went through on a retry
                pipe.srem(_k(job_id, "index_failed"), *ids)
            pipe.hset(_k(job_id), "updated_at", time.time())
            pipe.execute()

    def add_failure(self, job_id: str, failure_id: str) -> None:
        self.r.sadd(_k(job_id, "failures"), failure_id)

    def remove_failure(self, job_id: str, failure_id: str) -> None:
        self.r.srem(_k(job_id, "failures"), failure_id)

    def recent(self, limit: int = 20) -> list[str]:
        return list(self.r.zrevrange(f"{PREFIX}s", 0, limit - 1))  # type: ignore[arg-type]

    def get(self, job_id: str) -> dict[str, Any] | None:
        pipe = self.r.pipeline()
        pipe.hgetall(_k(job_id))
        pipe.hvals(_k(job_id, "files"))
        for part in ("parsed", "indexed", "index_failed", "extracted", "failures", "files_done"):
            pipe.scard(_k(job_id, part))
        meta, files_raw, parsed, indexed, index_failed, extracted, failed, files_done = pipe.execute()
        if not meta:
            return None
        files = sorted((json.loads(f) for f in files_raw), key=lambda f: f["index"])
        counts = {"files": int(meta["files"]), "files_done": files_done, "cables_parsed": parsed,
                  "cables_indexed": indexed, "cables_index_failed": index_failed,
                  "cables_extracted": extracted, "failed": failed}
        return {"job_id": job_id, "state": job_state(counts, files), "source": meta.get("source"),
                "created_at": float(meta["created_at"]), "updated_at": float(meta["updated_at"]),
                "counts": counts, "files": files}


def rate_and_eta(data: dict[str, Any], now: float | None = None) -> tuple[float, float | None]:
    """Cables indexed per second since the job began, and seconds left at that rate (None: unknown)."""
    counts = data["counts"]
    finished = data["state"] in {"done", "failed"}
    end = data["updated_at"] if finished else (now or time.time())
    rate = counts["cables_indexed"] / max(end - data["created_at"], 1e-3)
    if finished:
        return round(rate, 2), 0.0
    # Cables yet to index are known only for files already parsed; files still waiting are
    # estimated at the average cables per parsed file.
    per_file = counts["cables_parsed"] / counts["files_done"] if counts["files_done"] else 1
    remaining = counts["cables_parsed"] - counts["cables_indexed"] + (counts["files"] - counts["files_done"]) * per_file
    return round(rate, 2), (round(remaining / rate, 1) if rate else None)


def job_state(counts: dict[str, int], files: list[dict[str, Any]]) -> JobState:
    """Derived, never stored: it cannot drift from the counts."""
    settled = counts["cables_indexed"] + counts["cables_index_failed"]
    if counts["files_done"] >= counts["files"] and settled >= counts["cables_parsed"]:
        if counts["cables_indexed"] == 0 and counts["failed"] > 0:
            return "failed"
        return "done"
    if any(f["state"] != "queued" for f in files):
        return "running"
    return "queued"

