"""Sending hostile files through the upload API and following their jobs to the end."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from bench.badreport import FileResult
from bench.hostile import Sample

BATCH_FILES = 25  # small files go several to a request, as a client would send them
BATCH_BYTES = 2 * 1024 * 1024  # a file this large or larger goes alone
SETTLED = {"parsed", "failed"}


def upload_all(client: httpx.Client, samples: list[Sample]) -> tuple[list[FileResult], Counter5xx]:
    """Every sample uploaded; a request refused as a whole (the service refuses a request if one of its
    files is refused, and stores none of it) is sent again a file at a time, to know which file it was."""
    results: list[FileResult] = []
    answers = Counter5xx()
    for batch in _batches(samples):
        got = _send(client, batch, answers)
        if len(batch) > 1 and got[0].status is not None and 400 <= got[0].status < 500:
            got = [_send(client, [one], answers)[0] for one in batch]
        results += got
    return results, answers


class Counter5xx:
    """Every answer of the upload service by status class, and the 5xx ones (or no answer) kept."""

    def __init__(self) -> None:
        self.by_class: dict[str, int] = {}
        self.server_errors: list[str] = []

    def add(self, status: int | None, what: str) -> None:
        key = f"{status // 100}xx" if status is not None else "no answer"
        self.by_class[key] = self.by_class.get(key, 0) + 1
        if status is None or status >= 500:
            self.server_errors.append(f"{status}: {what[:200]}")


def _batches(samples: list[Sample]) -> Iterator[list[Sample]]:
    batch: list[Sample] = []
    for sample in samples:
        if len(sample.data) >= BATCH_BYTES:
            yield [sample]
            continue
        batch.append(sample)
        if len(batch) == BATCH_FILES or sum(len(s.data) for s in batch) >= BATCH_BYTES:
            yield batch
            batch = []
    if batch:
        yield batch


def _send(client: httpx.Client, batch: list[Sample], answers: Counter5xx) -> list[FileResult]:
    results = [FileResult(s, hashlib.sha256(s.data).hexdigest()) for s in batch]
    files = [("files", (s.name, s.data, "application/octet-stream")) for s in batch]
    try:
        response = client.post("/v1/uploads", files=files)
    except httpx.HTTPError as err:  # no answer: as bad as a 5xx
        answers.add(None, f"{type(err).__name__}: {err}")
        return results
    answers.add(response.status_code, response.text)
    body = response.json() if response.headers.get("content-type", "").endswith("json") else {}
    for i, result in enumerate(results):
        result.status = response.status_code
        if response.status_code == 202:
            result.job_id, result.index = body["job_id"], i
        else:
            result.detail = body.get("detail") if isinstance(body, dict) else None
    return results


def wait_for_jobs(client: httpx.Client, results: list[FileResult], timeout: float,
                  idle: Callable[[], bool]) -> tuple[float, list[str]]:
    """Poll the jobs until every file is parsed or failed and every job is done (its cables indexed or
    refused), or until the files are settled and the pipeline is idle (nothing queued, held or pending):
    a job still not done then never will be.  Fills in each file's state; returns the seconds waited and
    the jobs not done."""
    start = time.monotonic()
    by_job: dict[str, list[FileResult]] = {}
    for result in results:
        if result.job_id:
            by_job.setdefault(result.job_id, []).append(result)
    pending, last, idle_polls = set(by_job), {}, 0
    while pending and time.monotonic() - start < timeout:
        for job_id in sorted(pending):
            job = _poll(client, job_id, by_job[job_id])
            if job is None:
                continue
            last[job_id] = f"{job_id} {job['state']} {job['counts']}"
            if job["state"] in {"done", "failed"} and all(r.state in SETTLED for r in by_job[job_id]):
                pending.discard(job_id)
        settled = all(r.state in SETTLED for ids in pending for r in by_job[ids])
        idle_polls = idle_polls + 1 if settled and idle() else 0
        if pending and idle_polls >= 3:  # three polls apart, nothing moves: they are stuck
            break
        if pending:
            time.sleep(2)
    return time.monotonic() - start, [last.get(job_id, job_id) for job_id in sorted(pending)]


def _poll(client: httpx.Client, job_id: str, results: list[FileResult]) -> dict[str, Any] | None:
    response = client.get(f"/v1/jobs/{job_id}")
    if response.status_code != 200:
        return None
    job: dict[str, Any] = response.json()
    files = {f["index"]: f for f in job["files"]}
    for result in results:
        entry = files.get(result.index or 0, {})
        result.state, result.cables = entry.get("state"), int(entry.get("cables") or 0)
    return job
