"""A message whose worker keeps dying (a file that runs it out of memory) is not redelivered forever:
past the limit it becomes a failure record that can be retried by hand.  Real Redis; the task runs
in-process with ``apply``, and earlier deaths are the delivery counts they would have left."""

from __future__ import annotations

from typing import Any

from cablestream.taskbase import DELIVERIES, WORKER_LOST, StageTask
from cablestream.wiring import Wiring


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
