"""Small files of one upload are parsed several to a message, and each keeps its own state and failure
records: a good one is parsed, a bad one is named by a record, a missing one is retryable on its own.
Real Redis and MinIO; the stage runs through the lifecycle."""

from __future__ import annotations

import io

from cablestream.infra.wiring import Wiring
from cablestream.pipeline.ingest import parse_messages
from cablestream.pipeline.messages import FileRef, ParseFile, ParseFiles
from cablestream.pipeline.outcomes import Problem, write_failure
from cablestream.pipeline.pending import index_pending
from cablestream.pipeline.replay import retry_message
from cablestream.state.jobs import FileEntry
from tests.conftest import SAMPLES
from tests.stages import run_stage


def _entries(wiring: Wiring) -> list[FileEntry]:
    contents = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.txt"))]
    contents.append(("noise.bin", bytes(range(256)) * 4))
    entries = []
    for i, (name, data) in enumerate(contents):
        stored = wiring.store.put_file(io.BytesIO(data))
        entries.append(FileEntry(i, name, stored.sha256, len(data), stored.duplicate))
    entries.append(FileEntry(len(entries), "lost.txt", "9f" * 32, 10, False))  # never stored
    return entries


def test_each_file_of_a_batch_keeps_its_state_and_failures(wiring: Wiring) -> None:
    index_pending(wiring.redis, express=True).drain_started()  # no drain on its way from earlier tests
    entries = _entries(wiring)
    job_id = wiring.jobs.create(entries)
    [message] = parse_messages(job_id, entries, per_message=32, small=1024 * 1024)
    assert isinstance(message, ParseFiles) and [f.index for f in message.files] == [0, 1, 2, 3]
    ran = run_stage(wiring, message)
    assert sorted(ran.passed) == ["09ASTANA1145", "09ASTANA497"]
    job = wiring.jobs.get(job_id)
    assert job is not None
    assert [(f["state"], f["cables"]) for f in job["files"]] == [("parsed", 1), ("parsed", 1), ("failed", 0),
                                                                 ("failed", 0)]
    noise = wiring.failures.query(job_id=job_id, error_type="UnknownFormat")
    [lost] = wiring.failures.query(job_id=job_id, error_type="ObjectMissing")
    assert len(noise) == 1 and noise[0].sha256 == entries[2].sha256 and not noise[0].retryable
    assert lost.retryable and lost.sha256 == "9f" * 32
    assert retry_message(lost) == ParseFile(job_id=job_id, index=3, sha256="9f" * 32, name="lost.txt", express=True)
    # Small files are the express lane: their records wait in its own pending set, past the archives'.
    assert [(type(m).__name__, m.queue()) for m in ran.sent] == [("DrainPending", "index-express")]
    assert job["counts"]["failed"] == 2


def test_large_files_go_alone_and_a_single_small_file_is_a_plain_message() -> None:
    entries = [FileEntry(0, "a.txt", "a" * 64, 10, False), FileEntry(1, "big.zip", "b" * 64, 5_000_000, False),
               FileEntry(2, "c.txt", "c" * 64, 10, False), FileEntry(3, "d.txt", "d" * 64, 10, False)]
    messages = parse_messages("j", entries, per_message=2, small=1_000_000)
    assert messages == [ParseFiles(job_id="j", files=[FileRef(index=0, sha256="a" * 64, name="a.txt"),
                                                      FileRef(index=2, sha256="c" * 64, name="c.txt")], express=True),
                        ParseFile(job_id="j", index=3, sha256="d" * 64, name="d.txt", express=True),
                        ParseFile(job_id="j", index=1, sha256="b" * 64, name="big.zip")]
    assert [m.queue() for m in messages] == ["parse-express", "parse-express", None]  # the archive: its task's


def test_a_batch_that_goes_through_resolves_the_whole_task_failure_of_each_of_its_files(wiring: Wiring) -> None:
    """Each file's own whole-task record (a batch that failed as a whole, or was never sent) is looked
    up for the whole batch in one round trip and resolved; a record of another file stays open."""
    entries = _entries(wiring)[:2]  # the two sample cables
    job_id = wiring.jobs.create(entries)
    [message] = parse_messages(job_id, entries, per_message=32, small=1024 * 1024)
    assert isinstance(message, ParseFiles)
    other = ParseFile(job_id=job_id, index=9, sha256="8e" * 32, name="other.txt", express=True)
    ids = [write_failure(wiring, "parse", job_id, Problem("NotQueued", "broker down", unit.subject(), unit,
                                                           retryable=True), whole_task=True)
           for unit in [*message.split(), other]]
    assert wiring.failures.open_among(ids) == set(ids)
    run_stage(wiring, message)
    assert wiring.failures.open_among(ids) == {ids[-1]}
    assert wiring.failures.open_among([]) == set()
