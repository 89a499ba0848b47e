"""A message whose worker keeps dying (a file that runs it out of memory) is not redelivered forever:
past the limit it becomes a failure record that can be retried by hand.  Real Redis; the task runs
in-process with ``apply``, and earlier deaths are the delivery counts they would have left."""

from __future__ import annotations

from typing import Any

from cablestream.infra.queue import RETRY_OF
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.lifecycle import DELIVERIES, WORKER_LOST, StageTask
from cablestream.state.failures import Failure


def _task(wiring: Wiring, ran: list[Any], name: str) -> Any:
    @wiring.celery.task(name=name, base=StageTask, bind=True, stage="parse", wiring=wiring)
    def parse_like(self: StageTask, job_id: str, file_index: int, sha256: str, name: str) -> None:
        ran.append(sha256)

    return parse_like


def test_a_message_whose_worker_keeps_dying_becomes_a_failure(wiring: Wiring) -> None:
    ran: list[Any] = []
    task = _task(wiring, ran, "test.parse-like")
    sha = "ee" * 32
    for _ in range(wiring.settings.task_max_deliveries):  # deliveries whose worker died mid-task
        wiring.redis.incr(f"{DELIVERIES}:poison-1:0")
    task.apply(args=["job-p", 0, sha, "huge.zip"], task_id="poison-1")
    assert ran == []  # not run a fourth time
    [failure] = [wiring.failures.get(f) for f in wiring.failures.for_file(sha)]
    assert failure is not None and failure.error_type == WORKER_LOST and "died 3 times" in failure.message
    assert failure.task == "test.parse-like" and failure.args == ["job-p", 0, sha, "huge.zip"]
    assert not wiring.redis.exists(f"{DELIVERIES}:poison-1:0")


def test_a_delivery_that_finishes_leaves_no_count(wiring: Wiring) -> None:
    ran: list[Any] = []
    task = _task(wiring, ran, "test.parse-like-2")
    wiring.redis.incr(f"{DELIVERIES}:once-1:0")  # one earlier delivery died: the next one still runs
    task.apply(args=["job-q", 0, "ff" * 32, "a.txt"], task_id="once-1")
    assert ran == ["ff" * 32]
    assert not wiring.redis.exists(f"{DELIVERIES}:once-1:0")
    assert not wiring.failures.for_file("ff" * 32)


def test_a_retry_that_succeeds_resolves_its_own_failure_but_not_the_data_failures_it_left(wiring: Wiring) -> None:
    @wiring.celery.task(name="test.index-like", base=StageTask, bind=True, stage="index", wiring=wiring)
    def index_like(self: StageTask, job_id: str, reference_ids: list[str]) -> None:
        # The record is still missing: the task goes through, leaving a data failure about the cable.
        wiring.failures.record(Failure(stage="index", error_type="ObjectMissing", message="no record",
                                       job_id=job_id, reference_id=reference_ids[0], task="t", args=[]))

    args = ["job-r", ["09RETRY1"]]
    earlier = wiring.failures.record(Failure(stage="index", error_type="SearchUnavailable", message="down",
                                             job_id="job-r", reference_id="09RETRY1", task="test.index-like",
                                             args=args, whole_task=True))
    index_like.apply(args=args, task_id="plain-1")  # an ordinary message: no lookup, nothing resolved
    stored = wiring.failures.get(earlier)
    assert stored is not None and not stored.resolved
    index_like.apply(args=args, task_id="retry-1", headers={RETRY_OF: earlier})  # as replay.retry sends it
    by_type = {f.error_type: f for f in map(wiring.failures.get, wiring.failures.for_reference("09RETRY1")) if f}
    assert by_type["SearchUnavailable"].id == earlier and by_type["SearchUnavailable"].resolved
    assert not by_type["ObjectMissing"].resolved
