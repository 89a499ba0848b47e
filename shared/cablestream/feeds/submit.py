"""Stored files become jobs, once per content hash for a feed, whatever crashes in between.

The steps, each recorded in the feed's ledger before the next: claim the hash, create the job, send the
parse message, mark it done.  A run that resumes an entry left open by a dead one finds the job it may
have created (a job of this feed holding this hash, created after the claim) and sends the file's
message only if it is not already waiting or taken, so a kill at any point neither loses the file nor
repeats its job.

Files that arrive together are submitted together (:func:`submit_many`): one job for the batch, its
small files several to a parse message, each ledger step one round trip for the batch.  Each file keeps
its own state and failure records in the job; only a file a dead run left open is resumed on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cablestream.feeds.ledger import Ledger
from cablestream.feeds.messages import waiting_parse_messages
from cablestream.infra.storage import StoredFile
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.ingest import open_job, send_parse_messages
from cablestream.pipeline.messages import ParseFile, send
from cablestream.state.jobs import PREFIX as JOB_PREFIX


@dataclass(frozen=True, slots=True)
class Submitted:
    sha256: str
    job_id: str
    new: bool  # False: this feed had already ingested these bytes; nothing was done


def submit(wiring: Wiring, ledger: Ledger, stored: StoredFile, name: str, source: str) -> Submitted:
    """One file: a job of its own, or the job a dead run left for it."""
    sha = stored.sha256
    if (done := ledger.done_job(sha)) is not None:
        return Submitted(sha, done, new=False)
    entry, resumed = ledger.claim(sha)
    if entry.step == "pending":
        found = _find_job(wiring, sha, source, since=float(entry.value)) if resumed else None
        job_id = found or open_job(wiring, [(name, stored)], source)[0]
        ledger.created(sha, job_id)
        sent = False
    else:
        job_id = entry.value
        sent = _message_taken_or_waiting(wiring, job_id, sha)
    if not sent:
        _send_one(wiring, job_id, sha, name)
    ledger.finish(sha, job_id)
    return Submitted(sha, job_id, new=True)


def submit_many(wiring: Wiring, ledger: Ledger, files: list[tuple[StoredFile, str]], source: str) -> list[Submitted]:
    """Files that arrived together (stored, name), as one job; a result per file, in order."""
    unique: dict[str, tuple[StoredFile, str]] = {}
    for stored, name in files:
        unique.setdefault(stored.sha256, (stored, name))  # the same bytes twice: one file of the job
    results = {sha: Submitted(sha, job, new=False) for sha, job in ledger.done_jobs(list(unique)).items()}
    claims = ledger.claim_many([sha for sha in unique if sha not in results])
    for sha in (sha for sha, (_, resumed) in claims.items() if resumed):
        results[sha] = submit(wiring, ledger, *unique[sha], source)  # a dead run's file: its own path
    fresh = [sha for sha, (_, resumed) in claims.items() if not resumed]
    if fresh:
        job_id, entries = open_job(wiring, [(unique[sha][1], unique[sha][0]) for sha in fresh], source)
        ledger.created_many(fresh, job_id)
        send_parse_messages(wiring, job_id, entries)
        ledger.finish_many(fresh, job_id)
        results |= {sha: Submitted(sha, job_id, new=True) for sha in fresh}
    return [results[stored.sha256] for stored, _ in files]


def _find_job(wiring: Wiring, sha: str, source: str, since: float) -> str | None:
    """A job this feed created holding this hash after the claim (the run that died got that far)."""
    for job_id in wiring.redis.zrangebyscore(f"{JOB_PREFIX}s", since - 1, "+inf"):
        job = wiring.jobs.get(str(job_id))
        if job and job["source"] == source and _file_of(job, sha) is not None:
            return str(job_id)
    return None


def _file_of(job: dict[str, Any], sha: str) -> dict[str, Any] | None:
    return next((f for f in job["files"] if f["sha256"] == sha), None)


def _send_one(wiring: Wiring, job_id: str, sha: str, name: str) -> None:
    job = wiring.jobs.get(job_id)
    file = _file_of(job, sha) if job else None
    index, name = (int(file["index"]), str(file["name"])) if file else (0, name)
    send(wiring.celery, ParseFile(job_id=job_id, index=index, sha256=sha, name=name))


def _message_taken_or_waiting(wiring: Wiring, job_id: str, sha: str) -> bool:
    job = wiring.jobs.get(job_id)
    file = _file_of(job, sha) if job else None
    if file is None or file["state"] != "queued":
        return True  # a worker has started on it (or the job is gone): the message went out
    return any(isinstance(m, ParseFile) and m.job_id == job_id and m.sha256 == sha
               for m in waiting_parse_messages(wiring.redis))
