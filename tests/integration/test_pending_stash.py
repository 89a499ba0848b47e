"""Parse stashes each record beside its pending member, so the drain reads Redis, not object storage;
a drained member takes its stash with it, and past the bound the drain reads storage as before."""

from __future__ import annotations

import io

import orjson

from cablestream.infra.storage import record_key
from cablestream.infra.wiring import Wiring
from cablestream.pipeline.messages import DrainPending, ExtractRecords, IndexRecords, ParseFile
from cablestream.pipeline.pending import PendingSet, index_pending
from cablestream.pipeline.stages.index import drain_pending
from cablestream.state.jobs import FileEntry
from tests.conftest import SAMPLES
from tests.stages import run_stage


def _record(rid: str) -> dict[str, object]:
    return {"reference_id": rid, "subject": f"stash probe {rid}", "body": "text",
            "source": {"format": "text", "sha256": None, "name": None, "index": 0}, "parser_version": "t"}


def _fresh(wiring: Wiring) -> PendingSet:
    """The pending set emptied: earlier tests of the session parse files and leave their ids there."""
    pending = PendingSet(wiring.redis, "index")
    wiring.redis.delete(pending.key, pending.records_key, pending.wake_key)
    return pending


def test_the_drain_reads_stashed_records_and_drops_the_stash_with_the_member(wiring: Wiring) -> None:
    pending = _fresh(wiring)
    # Stashed only (not in storage): the drain can only have read it from the stash.
    pending.add("job-stash", ["78STASH1"], {"78STASH1": orjson.dumps(_record("78STASH1"))}, stash_below=100)
    wiring.store.put_bytes(record_key("78STASH2"), orjson.dumps(_record("78STASH2")))
    pending.add("job-stash", ["78STASH2"])  # not stashed: read from storage
    ran = run_stage(wiring, DrainPending())
    assert sorted(ran.passed) == ["78STASH1", "78STASH2"]
    assert pending.size() == 0 and pending.records(["78STASH1", "78STASH2"]) == {}
    doc = wiring.search.get(index=wiring.settings.index_alias, id="78STASH1")["_source"]
    assert doc["subject"] == "stash probe 78STASH1"


def test_nothing_is_stashed_past_the_bound(wiring: Wiring) -> None:
    pending = _fresh(wiring)
    pending.add("job-bound", ["78BOUND1"], {"78BOUND1": b"{}"}, stash_below=1)  # the set is empty: stashed
    pending.add("job-bound", ["78BOUND2"], {"78BOUND2": b"{}"}, stash_below=1)  # one waits already: not
    assert set(pending.records(["78BOUND1", "78BOUND2"])) == {"78BOUND1"}
    pending.done(pending.peek(10))
    assert pending.records(["78BOUND1"]) == {}


def test_one_cable_pending_for_two_jobs_counts_for_both(wiring: Wiring) -> None:
    """The same cable uploaded twice lands in one drain batch under two jobs: each job's outcome holds
    it, or the job that lost it waits for ever (found by make bad-input)."""
    pending = _fresh(wiring)
    wiring.store.put_bytes(record_key("78TWICE1"), orjson.dumps(_record("78TWICE1")))
    pending.add("job-first", ["78TWICE1"])
    pending.add("job-second", ["78TWICE1"])
    outcomes = {o.job_id: o.passed for o in drain_pending(wiring, DrainPending())}
    assert outcomes == {"job-first": ["78TWICE1"], "job-second": ["78TWICE1"]}
    assert pending.size() == 0


def test_indexed_cables_go_to_extraction_in_messages_of_extract_batch_size(wiring: Wiring) -> None:
    """Extract messages are small, so a worker killed mid-message redoes seconds of work, not minutes."""
    pending = _fresh(wiring)
    small = Wiring(wiring.settings.model_copy(update={"extract_batch_size": 2, "extract_enabled": True}))
    ids = [f"78CHUNK{i}" for i in range(5)]
    for rid in ids:
        wiring.store.put_bytes(record_key(rid), orjson.dumps(_record(rid)))
    pending.add("job-chunks", ids)
    ran = run_stage(small, DrainPending())
    sent = [m for m in ran.sent if isinstance(m, ExtractRecords)]
    assert [len(m.reference_ids) for m in sent] == [2, 2, 1]
    assert sorted(rid for m in sent for rid in m.reference_ids) == ids


def _fresh_express(wiring: Wiring) -> PendingSet:
    pending = index_pending(wiring.redis, express=True)
    wiring.redis.delete(pending.key, pending.records_key, pending.wake_key)
    return pending


def _searchable(wiring: Wiring, ids: list[str]) -> int:
    """How many of ``ids`` a search finds now (a search sees only what a refresh made visible)."""
    body = {"query": {"terms": {"reference_id": ids}}}
    return int(wiring.search.count(index=wiring.settings.index_alias, body=body)["count"])


def test_the_express_lane_has_its_own_pending_set_and_its_drain_refreshes(wiring: Wiring) -> None:
    archive, express = _fresh(wiring), _fresh_express(wiring)
    data = (SAMPLES / "09ASTANA497.txt").read_bytes().replace(b"09ASTANA497", b"09ASTANA780001")
    stored = wiring.store.put_file(io.BytesIO(data))
    job_id = wiring.jobs.create([FileEntry(0, "a.txt", stored.sha256, len(data), stored.duplicate)])
    parsed = run_stage(wiring, ParseFile(job_id=job_id, index=0, sha256=stored.sha256, name="a.txt", express=True))
    assert parsed.passed == ["09ASTANA780001"] and set(express.records(parsed.passed)) == {"09ASTANA780001"}
    assert archive.size() == 0 and express.size() == 1  # past any archive's backlog
    # The drain reads the stash: a stored record changed behind its back is not what it indexes.
    wiring.store.put_bytes(record_key("09ASTANA780001"), orjson.dumps(_record("09ASTANA780001")))
    [message] = parsed.sent
    assert message == DrainPending(express=True) and message.queue() == "index-express"
    assert run_stage(wiring, message).passed == ["09ASTANA780001"]
    assert express.size() == 0 and express.records(["09ASTANA780001"]) == {}
    assert _searchable(wiring, ["09ASTANA780001"]) == 1  # refreshed by the drain, not left to the interval
    doc = wiring.search.get(index=wiring.settings.index_alias, id="09ASTANA780001")["_source"]
    assert doc["source"]["sha256"] == stored.sha256 and doc["subject"] != "stash probe 09ASTANA780001"
    job = wiring.jobs.get(job_id)
    assert job is not None and job["state"] == "done" and job["counts"]["cables_indexed"] == 1


def test_a_flood_of_single_files_is_one_express_bulk_searchable_at_once(wiring: Wiring) -> None:
    """Many one-cable jobs waiting: one drain indexes them in one bulk, each job counting its own, and
    makes them searchable at once even past ``index_refresh_below`` (an archive's bulk of that size waits
    for the refresh interval)."""
    express = _fresh_express(wiring)
    few = Wiring(wiring.settings.model_copy(update={"index_refresh_below": 2}))
    ids = [f"78FLOOD{i}" for i in range(6)]
    for n, rid in enumerate(ids):
        express.add(f"job-flood-{n}", [rid], {rid: orjson.dumps(_record(rid))}, stash_below=100)
    assert express.claim_wake() and not express.claim_wake()  # one wake-up for the whole flood
    outcomes = {o.job_id: o.passed for o in drain_pending(few, DrainPending(express=True))}
    assert outcomes == {f"job-flood-{n}": [rid] for n, rid in enumerate(ids)}
    assert _searchable(wiring, ids) == len(ids) and express.size() == 0


def test_an_express_message_of_an_older_parse_worker_reads_the_archive_lane_stash(wiring: Wiring) -> None:
    """Parse workers before the express pending set sent ``IndexRecords(express=True)`` and stashed the
    records with the archive lane's; such a message, still queued at an upgrade, is indexed from there."""
    pending = _fresh(wiring)
    pending.add("job-old", ["78EXPR1"], {"78EXPR1": orjson.dumps(_record("78EXPR1"))}, stash_below=100)
    pending.done(pending.peek(10))  # the member gone (the old lane had none), the stash kept:
    wiring.redis.hset(pending.records_key, "78EXPR1", orjson.dumps(_record("78EXPR1")))
    wiring.store.put_bytes(record_key("78EXPR2"), orjson.dumps(_record("78EXPR2")))  # past the stash
    ran = run_stage(wiring, IndexRecords(job_id="job-expr", reference_ids=["78EXPR1", "78EXPR2"], express=True))
    assert sorted(ran.passed) == ["78EXPR1", "78EXPR2"]
    assert pending.records(["78EXPR1", "78EXPR2"]) == {}
