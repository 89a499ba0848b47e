"""Job state and failure records against the real Redis."""

from __future__ import annotations

from cablestream.infra.wiring import Wiring
from cablestream.pipeline.pending import PendingSet, by_job
from cablestream.pipeline.replay import resolve_for_references
from cablestream.pipeline.sweep import sweep
from cablestream.state.failures import Failure, Subject
from cablestream.state.jobs import FileEntry


def test_job_counts_survive_repeated_work(wiring: Wiring) -> None:
    job_id = wiring.jobs.create([FileEntry(0, "a.txt", "ab" * 32, 10, False)])
    assert wiring.jobs.get(job_id)["state"] == "queued"  # type: ignore[index]
    wiring.jobs.update_file(job_id, 0, state="parsing")
    assert wiring.jobs.get(job_id)["state"] == "running"  # type: ignore[index]
    for _ in range(2):  # a redelivered task adds the same ids again
        wiring.jobs.add(job_id, "parsed", ["09X1", "09X2"])
        wiring.jobs.add(job_id, "indexed", ["09X1", "09X2"])
    wiring.jobs.update_file(job_id, 0, state="parsed", cables=2)
    job = wiring.jobs.get(job_id)
    assert job is not None
    assert job["state"] == "done"
    assert job["counts"]["cables_parsed"] == job["counts"]["cables_indexed"] == 2
    assert wiring.jobs.get("missing") is None


def test_same_failure_twice_is_one_record_with_two_attempts(wiring: Wiring) -> None:
    failure = Failure(stage="parse", error_type="NoCableFound", message="no cable", job_id="j1",
                      sha256="cd" * 32, index=0)
    fid = wiring.failures.record(failure)
    again = wiring.failures.record(Failure(stage="parse", error_type="NoCableFound", message="no cable",
                                           job_id="j2", sha256="cd" * 32, index=0))
    assert fid == again
    stored = wiring.failures.get(fid)
    assert stored is not None and stored.attempts == 2 and stored.job_id == "j2"


def test_pending_work_is_taken_across_jobs_and_kept_until_done(wiring: Wiring) -> None:
    pending = PendingSet(wiring.redis, "test-stage")
    pending.add("job-a", ["01A1", "01A2"])
    pending.add("job-b", ["01B1"])
    taken = pending.peek(10)
    assert by_job(sorted(taken.members)) == {"job-a": ["01A1", "01A2"], "job-b": ["01B1"]}
    assert pending.size() == 3  # peeking takes nothing away: a crash before done() loses nothing
    assert pending.done(taken) == 3
    assert pending.size() == 0 and not pending.peek(10)


def test_a_member_added_again_while_taken_stays_for_the_next_drain(wiring: Wiring) -> None:
    pending = PendingSet(wiring.redis, "test-stage-race")
    pending.add("job-a", ["01A1", "01A2"])
    taken = pending.peek(10)
    # The cable is re-parsed (a newer record stored) while this drain holds the older one.
    pending.add("job-a", ["01A1"])
    assert pending.done(taken) == 1
    again = pending.peek(10)
    assert again.members == ["job-a|01A1"]
    assert pending.done(again) == 1 and pending.size() == 0


def test_a_cable_indexed_on_a_retry_is_no_longer_counted_as_failed(wiring: Wiring) -> None:
    job_id = wiring.jobs.create([FileEntry(0, "a.txt", "ab" * 32, 10, False)])
    wiring.jobs.add(job_id, "parsed", ["09X1", "09X2"])
    wiring.jobs.add(job_id, "indexed", ["09X1"])
    wiring.jobs.add(job_id, "index_failed", ["09X2"])
    wiring.jobs.add(job_id, "indexed", ["09X2"])
    counts = wiring.jobs.get(job_id)["counts"]  # type: ignore[index]
    assert counts["cables_indexed"] == 2 and counts["cables_index_failed"] == 0


def test_a_batch_failure_is_found_from_each_cable_and_over_only_when_all_went_through(wiring: Wiring) -> None:
    batch = ["09B1", "09B2", "09B3"]
    fid = wiring.failures.record(Failure(stage="extract", error_type="SearchUnavailable", message="down",
                                         job_id="jb", reference_ids=batch, task="t"))
    assert fid != Subject().failure_id("extract")  # each batch is its own record
    assert all(fid in wiring.failures.for_references([rid]) for rid in batch)
    assert resolve_for_references(wiring, "index", batch) == 0  # another stage's failure stays
    assert resolve_for_references(wiring, "extract", batch[:2]) == 0  # one cable still missing
    assert resolve_for_references(wiring, "extract", batch) == 1
    stored = wiring.failures.get(fid)
    assert stored is not None and stored.resolved


def test_failures_are_found_by_job_and_stage_beyond_any_scan_window(wiring: Wiring) -> None:
    for n in range(1200):  # many newer failures of other jobs and stages
        wiring.failures.record(Failure(stage="parse", error_type="NoCableFound", message="x", job_id=f"busy-{n % 7}",
                                       sha256=f"{n:064x}", index=0))
    old = Failure(stage="index", error_type="IndexRejected", message="y", job_id="quiet", reference_id="09Q1",
                  first_seen=1.0, last_seen=1.0)
    fid = wiring.failures.record(old)
    assert [f.id for f in wiring.failures.query(job_id="quiet")] == [fid]
    assert fid in [f.id for f in wiring.failures.query(stage="index", limit=10_000)]
    opened = wiring.failures.count_open()
    assert wiring.failures.resolve(fid) is not None
    assert wiring.failures.count_open() == opened - 1
    assert wiring.failures.query(job_id="quiet") == []
    assert [f.id for f in wiring.failures.query(job_id="quiet", include_resolved=True)] == [fid]


def test_members_left_pending_without_a_drain_are_swept(wiring: Wiring) -> None:
    """A parse that claimed the wake flag and died before sending: the flag lapses, the sweep sends one."""
    pending = PendingSet(wiring.redis, "index")
    # Emptied first: earlier tests of the session parse files and leave their ids (and a wake flag) there.
    wiring.redis.delete("index", pending.key, pending.records_key, pending.wake_key)
    pending.add("job-sweep", ["09SWEEP1"])
    assert pending.claim_wake() and not pending.claim_wake()  # one claim until a drain starts
    assert not sweep(wiring.redis, wiring.celery)  # a drain is (said to be) on its way
    wiring.redis.delete(pending.wake_key)  # ... its sender died and the flag lapsed
    assert sweep(wiring.redis, wiring.celery) and wiring.redis.llen("index") == 1
    assert not sweep(wiring.redis, wiring.celery)  # once
    pending.drain_started()
    taken = pending.peek(10)
    assert pending.done(taken) == 1 and not sweep(wiring.redis, wiring.celery)  # nothing left: no drain
    wiring.redis.delete("index")
