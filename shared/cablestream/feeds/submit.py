"""One stored file becomes one job, once per content hash for a feed, whatever crashes in between.

The steps, each recorded in the feed's ledger before the next: claim the hash, create the job, send the
parse message, mark it done.  A run that resumes an entry left open by a dead one finds the job it may
have created (a job of this feed for this hash, created after the claim) and sends the message only if
it is not already waiting or taken, so a kill at any point neither loses the file nor repeats its job.
"""

from __future__ import annotations

from dataclasses import dataclass

from cablestream.feeds.ledger import Ledger
from cablestream.feeds.messages import waiting_parse_messages
from cablestream.infra.storage import StoredFile
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import ParseFile, send
from cablestream.state.jobs import PREFIX as JOB_PREFIX
from cablestream.state.jobs import FileEntry


@dataclass(frozen=True, slots=True)
class Submitted:
    sha256: str
    job_id: str
    new: bool  # False: this feed had already ingested these bytes; nothing was done


def submit(wiring: Wiring, ledger: Ledger, stored: StoredFile, name: str, source: str) -> Submitted:
    sha = stored.sha256
    if (done := ledger.done_job(sha)) is not None:
        return Submitted(sha, done, new=False)
    entry, resumed = ledger.claim(sha)
    if entry.step == "pending":
        found = _find_job(wiring, sha, source, since=float(entry.value)) if resumed else None
        job_id = found or wiring.jobs.create(
            [FileEntry(index=0, name=name, sha256=sha, size=stored.size, duplicate=stored.duplicate)],
            source=source)
        ledger.created(sha, job_id)
        sent = False
    else:
        job_id = entry.value
        sent = _message_taken_or_waiting(wiring, job_id)
    if not sent:
        send(wiring.celery, ParseFile(job_id=job_id, index=0, sha256=sha, name=name))
    ledger.finish(sha, job_id)
    return Submitted(sha, job_id, new=True)


def _find_job(wiring: Wiring, sha: str, source: str, since: float) -> str | None:
    """A job this feed created for this hash after the claim (the run that died got that far)."""
    for job_id in wiring.redis.zrangebyscore(f"{JOB_PREFIX}s", since - 1, "+inf"):
        job = wiring.jobs.get(str(job_id))
        if job and job["source"] == source and job["files"] and job["files"][0]["sha256"] == sha:
            return str(job_id)
    return None


def _message_taken_or_waiting(wiring: Wiring, job_id: str) -> bool:
    job = wiring.jobs.get(job_id)
    if job is None or any(f["state"] != "queued" for f in job["files"]):
        return True  # a worker has started on it (or the job is gone): the message went out
    return any(message.job_id == job_id for message in waiting_parse_messages(wiring.redis))
