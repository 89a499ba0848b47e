"""The lifecycle every stage task runs through, on the real Redis (tasks run in-process with ``apply``):
a message whose worker keeps dying becomes a failure instead of looping; errors are classified once
(a server down retries, then leaves a retryable failure; a data error is final at once); a task that
succeeds resolves its own earlier failure but not the data failures it leaves; messages are read in
their typed form, in the positional form of earlier versions, and refused clearly otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cablestream.errors import DataError
from cablestream.infra.storage import StorageError
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.lifecycle import DELIVERIES, WORKER_LOST, register
from cablestream.pipeline.messages import FileRef, IndexRecords, ParseFile, ParseFiles
from cablestream.pipeline.outcomes import Outcome, Problem, write_failure
from cablestream.search.errors import SearchRejected
from cablestream.state.failures import Subject
from cablestream.state.jobs import FileEntry


def _parse_like(wiring: Wiring, ran: list[Any], name: str, error: Exception | None = None) -> Any:
    def handler(w: Wiring, message: ParseFile) -> Iterator[Outcome]:
        ran.append(message.sha256)
        if error is not None:
            raise error
        yield Outcome(message.job_id)

    return register(wiring.celery, wiring, ParseFile, "parse", handler, max_retries=1, name=name)


def _message(sha: str, job: str = "job-p") -> dict[str, Any]:
    return ParseFile(job_id=job, index=0, sha256=sha, name="huge.zip").encode()


def test_a_message_whose_worker_keeps_dying_becomes_a_failure(wiring: Wiring) -> None:
    ran: list[Any] = []
    task = _parse_like(wiring, ran, "test.parse-like-1")
    sha = "ee" * 32
    for _ in range(wiring.settings.task_max_deliveries):  # deliveries whose worker died mid-task
        wiring.redis.incr(f"{DELIVERIES}:poison-1:0")
    task.apply(args=[_message(sha)], task_id="poison-1")
    assert ran == []  # not run a fourth time
    [failure] = [wiring.failures.get(f) for f in wiring.failures.for_file(sha)]
    assert failure is not None and failure.error_type == WORKER_LOST and "died 3 times" in failure.message
    assert failure.retryable and failure.task == "cablestream.parse.file"  # the retry goes to the real stage
    assert failure.retry_message == _message(sha)
    assert not wiring.redis.exists(f"{DELIVERIES}:poison-1:0")


def test_a_delivery_that_finishes_leaves_no_count(wiring: Wiring) -> None:
    ran: list[Any] = []
    task = _parse_like(wiring, ran, "test.parse-like-2")
    wiring.redis.incr(f"{DELIVERIES}:once-1:0")  # one earlier delivery died: the next one still runs
    task.apply(args=[_message("ff" * 32)], task_id="once-1")
    assert ran == ["ff" * 32]
    assert not wiring.redis.exists(f"{DELIVERIES}:once-1:0")
    assert not wiring.failures.for_file("ff" * 32)


def test_a_message_of_an_earlier_version_is_read_and_an_unknown_one_is_a_final_failure(wiring: Wiring) -> None:
    ran: list[Any] = []
    task = _parse_like(wiring, ran, "test.parse-like-3")
    task.apply(args=["job-old", 0, "a1" * 32, "old.txt"])  # positional, as messages were before 0.2
    assert ran == ["a1" * 32]
    task.apply(args=[{"v": 7, "job_id": "job-new", "index": 0, "sha256": "a2" * 32}])
    task.apply(args=[{"v": 1, "job_id": "job-new", "index": "first", "sha256": "a3" * 32}])
    assert ran == ["a1" * 32]  # neither ran
    bad = wiring.failures.query(stage="parse", error_type="BadMessage")
    reasons = sorted(f.message.split(";")[0] for f in bad)
    assert any("message version 7" in r for r in reasons) and any("index" in r for r in reasons)
    assert all(not f.retryable and f.task is None for f in bad)


def test_a_server_down_retries_then_leaves_a_retryable_failure_and_a_data_error_a_final_one(
        wiring: Wiring) -> None:
    ran: list[Any] = []
    down = _parse_like(wiring, ran, "test.parse-like-4", StorageError("load raw/x: connection refused"))
    down.apply(args=[_message("b1" * 32, "job-down")])
    assert ran == ["b1" * 32] * 2  # the first run and its one retry
    [failure] = wiring.failures.query(job_id="job-down")
    assert failure.error_type == "StorageError" and failure.retryable and failure.whole_task

    ran.clear()
    bad = _parse_like(wiring, ran, "test.parse-like-5", DataError("not a container"))
    bad.apply(args=[_message("b2" * 32, "job-data")])
    assert ran == ["b2" * 32]  # not retried
    [failure] = wiring.failures.query(job_id="job-data")
    assert failure.error_type == "DataError" and not failure.retryable

    ran.clear()  # a request OpenSearch refuses (401: our credentials) is final too, not "unavailable"
    refused = _parse_like(wiring, ran, "test.parse-like-refused",
                          SearchRejected("bulk of 3", 401, "security_exception", "missing authentication"))
    refused.apply(args=[_message("b3" * 32, "job-refused")])
    assert ran == ["b3" * 32]
    [failure] = wiring.failures.query(job_id="job-refused")
    assert failure.error_type == "SearchRejected" and not failure.retryable and "401" in failure.message


def test_a_task_that_succeeds_resolves_its_own_failure_but_not_the_data_failures_it_left(wiring: Wiring) -> None:
    def index_like(w: Wiring, message: IndexRecords) -> Iterator[Outcome]:
        # The record is still missing: the task goes through, leaving a data failure about the cable.
        rid = message.reference_ids[0]
        yield Outcome(message.job_id, problems=[Problem("ObjectMissing", "no record", Subject(reference_id=rid),
                                                        retry=message)])

    task = register(wiring.celery, wiring, IndexRecords, "index", index_like, max_retries=1,
                    name="test.index-like")
    message = IndexRecords(job_id="job-r", reference_ids=["09RETRY1"])
    earlier = message.subject().failure_id("index", whole_task=True)
    write_failure(wiring, "index", "job-r", Problem("SearchUnavailable", "down", message.subject(), message,
                                                    retryable=True), whole_task=True)
    assert wiring.failures.is_open(earlier)
    task.apply(args=(message.encode(),))
    by_type = {f.error_type: f for f in map(wiring.failures.get, wiring.failures.for_references(["09RETRY1"])) if f}
    assert by_type["SearchUnavailable"].id == earlier and by_type["SearchUnavailable"].resolved
    assert not by_type["ObjectMissing"].resolved


def test_a_batch_that_fails_as_a_whole_leaves_a_retryable_record_per_file(wiring: Wiring) -> None:
    def down(w: Wiring, message: ParseFiles) -> Iterator[Outcome]:
        raise StorageError("load raw: connection refused")
        yield Outcome(None)  # a generator, as stages are

    task = register(wiring.celery, wiring, ParseFiles, "parse", down, max_retries=0, name="test.parse-files-down")
    job_id = wiring.jobs.create([FileEntry(i, f"{i}.txt", f"c{i}" * 32, 10, False) for i in range(2)])
    batch = ParseFiles(job_id=job_id, files=[FileRef(index=i, sha256=f"c{i}" * 32, name=f"{i}.txt") for i in range(2)])
    task.apply(args=(batch.encode(),))
    failures = sorted(wiring.failures.query(job_id=job_id), key=lambda f: f.index or 0)
    assert [(f.index, f.error_type, f.retryable) for f in failures] == [(0, "StorageError", True),
                                                                       (1, "StorageError", True)]
    assert [f.retry_message and f.retry_message["sha256"] for f in failures] == ["c0" * 32, "c1" * 32]
    job = wiring.jobs.get(job_id)
    assert job is not None and job["state"] == "failed"
