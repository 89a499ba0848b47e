"""Submitting a feed file after a run died between any two steps: no job repeated, no file lost.

Each test leaves the ledger, the jobs and the queue exactly as a feed killed at that point would have
(a kill -9 rarely lands in these windows, so they are set up here), then submits the same bytes again.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from cablestream.feeds.ledger import Ledger
from cablestream.feeds.messages import waiting_parse_messages
from cablestream.feeds.submit import submit, submit_many
from cablestream.infra.storage import StoredFile
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.ingest import store_upload
from cablestream.pipeline.messages import ParseFile, send
from cablestream.state.jobs import FileEntry
from tests.integration.test_feeds_support import cable_bytes, feed_namespace, jobs_by_sha, parse_messages_by_sha

pytestmark = pytest.mark.servers
SOURCE = "feed:test"


@pytest.fixture(scope="module")
def w() -> Iterator[Wiring]:
    with feed_namespace() as wiring:
        yield wiring


def _stored(w: Wiring, tag: str) -> StoredFile:
    return store_upload(w, io.BytesIO(cable_bytes(tag)))


def _create(w: Wiring, f: StoredFile) -> str:
    return w.jobs.create([FileEntry(0, "x.txt", f.sha256, f.size, f.duplicate)], source=SOURCE)


def _after_resubmit(w: Wiring, ledger: Ledger, f: StoredFile) -> tuple[list[str], int]:
    result = submit(w, ledger, f, "x.txt", SOURCE)
    assert result.new and ledger.done_job(f.sha256) == result.job_id and ledger.unfinished() == {}
    assert not submit(w, ledger, f, "x.txt", SOURCE).new  # and once done, it stays done
    return jobs_by_sha(w, SOURCE)[f.sha256], parse_messages_by_sha(w)[f.sha256]


def test_died_after_claim(w: Wiring) -> None:
    ledger, f = Ledger(w.redis, "test:claim"), _stored(w, "claim")
    ledger.claim(f.sha256)
    jobs, messages = _after_resubmit(w, ledger, f)
    assert len(jobs) == 1 and messages == 1


def test_died_after_creating_the_job(w: Wiring) -> None:
    ledger, f = Ledger(w.redis, "test:create"), _stored(w, "create")
    ledger.claim(f.sha256)
    job = _create(w, f)
    jobs, messages = _after_resubmit(w, ledger, f)
    assert jobs == [job] and messages == 1


def test_died_after_recording_the_job(w: Wiring) -> None:
    ledger, f = Ledger(w.redis, "test:record"), _stored(w, "record")
    ledger.claim(f.sha256)
    job = _create(w, f)
    ledger.created(f.sha256, job)
    jobs, messages = _after_resubmit(w, ledger, f)
    assert jobs == [job] and messages == 1


def test_died_after_sending(w: Wiring) -> None:
    ledger, f = Ledger(w.redis, "test:send"), _stored(w, "send")
    ledger.claim(f.sha256)
    job = _create(w, f)
    ledger.created(f.sha256, job)
    send(w.celery, ParseFile(job_id=job, index=0, sha256=f.sha256, name="x.txt"))
    jobs, messages = _after_resubmit(w, ledger, f)
    assert jobs == [job] and messages == 1


def test_died_after_sending_and_a_worker_took_it(w: Wiring) -> None:
    ledger, f = Ledger(w.redis, "test:taken"), _stored(w, "taken")
    ledger.claim(f.sha256)
    job = _create(w, f)
    ledger.created(f.sha256, job)
    w.jobs.update_file(job, 0, state="parsing")  # the message left the queue: a worker has it
    jobs, messages = _after_resubmit(w, ledger, f)
    assert jobs == [job] and messages == 0


def test_died_after_sending_a_message_of_an_earlier_version(w: Wiring) -> None:
    """A feed that died before an upgrade left a positional message: the resumed run still sees it."""
    ledger, f = Ledger(w.redis, "test:legacy"), _stored(w, "legacy")
    ledger.claim(f.sha256)
    job = _create(w, f)
    ledger.created(f.sha256, job)
    w.celery.send_task("cablestream.parse.file", args=[job, 0, f.sha256, "x.txt"])
    jobs, messages = _after_resubmit(w, ledger, f)
    assert jobs == [job] and messages == 1


def test_files_that_arrive_together_are_one_job_each_file_sent_once(w: Wiring) -> None:
    ledger = Ledger(w.redis, "test:many")
    files = [_stored(w, f"many{i}") for i in range(3)]
    results = submit_many(w, ledger, [(f, f"m{i}.txt") for i, f in enumerate(files)] + [(files[0], "copy.txt")],
                          SOURCE)
    assert len({r.job_id for r in results}) == 1 and all(r.new for r in results)
    job = w.jobs.get(results[0].job_id)
    assert job is not None and [f["name"] for f in job["files"]] == ["m0.txt", "m1.txt", "m2.txt"]
    messages = parse_messages_by_sha(w)
    assert [messages[f.sha256] for f in files] == [1, 1, 1]
    assert ledger.unfinished() == {} and all(ledger.done_job(f.sha256) == results[0].job_id for f in files)
    again = submit_many(w, ledger, [(files[1], "m1.txt")], SOURCE)
    assert not again[0].new and again[0].job_id == results[0].job_id


def test_died_after_creating_a_job_of_several_files(w: Wiring) -> None:
    """The run died between recording the batch's job and sending: each file is resumed on its own and
    sent once, under its own index in that job."""
    ledger = Ledger(w.redis, "test:many-died")
    files = [_stored(w, f"manydied{i}") for i in range(2)]
    ledger.claim_many([f.sha256 for f in files])
    job = w.jobs.create([FileEntry(i, f"n{i}.txt", f.sha256, f.size, f.duplicate) for i, f in enumerate(files)],
                        source=SOURCE)
    ledger.created_many([f.sha256 for f in files], job)
    results = submit_many(w, ledger, [(f, f"n{i}.txt") for i, f in enumerate(files)], SOURCE)
    assert [r.job_id for r in results] == [job, job] and ledger.unfinished() == {}
    sent = [m for m in waiting_parse_messages(w.redis) if isinstance(m, ParseFile) and m.job_id == job]
    assert sorted((m.index, m.sha256) for m in sent) == [(0, files[0].sha256), (1, files[1].sha256)]
    assert jobs_by_sha(w, SOURCE)[files[0].sha256] == [job]
