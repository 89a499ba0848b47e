"""The broker fails after the job was opened: the stored files are not left waiting for ever, each
gets a retryable failure and the job ends as failed.  Real Redis; the broker is a real closed port."""

from __future__ import annotations

import io
from functools import cached_property

import pytest
from celery import Celery

from cablestream.infra.queue import TASK_PARSE, make_celery
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.ingest import enqueue_files
from devtools.localsystem import free_port


class BrokerDown(Wiring):
    """Jobs and failures on the real Redis; parse messages to a port where nothing listens."""

    @cached_property
    def celery(self) -> Celery:
        app = make_celery(self.settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"}))
        app.conf.broker_connection_max_retries = 1
        app.conf.task_publish_retry = False
        return app


def test_files_whose_message_could_not_be_sent_fail_their_job_with_a_retry(wiring: Wiring) -> None:
    broken = BrokerDown(wiring.settings)
    stored = [(f"f{i}.txt", wiring.store.put_file(io.BytesIO(f"unsent {i}".encode()), "text/plain"))
              for i in range(2)]
    with pytest.raises(Exception):  # noqa: B017 - whatever the broker client raises reaches the caller
        enqueue_files(broken, stored, source="test")
    [job_id] = wiring.jobs.recent(1)
    job = wiring.jobs.get(job_id)
    assert job is not None and job["state"] == "failed"
    assert [f["state"] for f in job["files"]] == ["failed", "failed"]
    failures = wiring.failures.query(job_id=job_id)
    assert sorted(f.index for f in failures if f.index is not None) == [0, 1]
    assert sorted(f.retry_message["index"] for f in failures if f.retry_message) == [0, 1]
    assert all(f.error_type == "NotQueued" and f.task == TASK_PARSE and f.retryable for f in failures)
