"""Stage ``parse``: load a stored file, find and parse its cables, store each record, hand ids on.

A file of its own message is copied to a temporary file and parsed from there (never held whole); the
small files of a batch message are loaded into memory.

Ids go to the pending set (``pipeline.pending``), drained by the index stage in batches across files;
those of an express message (small files a user waits for) to the express lane's own pending set.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO, cast

import orjson

from cablestream.infra.iopool import io_map
from cablestream.infra.storage import ObjectMissing, raw_key, record_key
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.parsing import PARSER_VERSION, ParseFailure, parse_bytes
from cablestream.parsing import parse_file as parse_from_file
from cablestream.parsing.archive import archive
from cablestream.parsing.signers import known_signers
from cablestream.parsing.tags import known_codes
from cablestream.pipeline.carryover import ExtractedDigests, input_digest
from cablestream.pipeline.messages import DrainPending, ParseFile, ParseFiles
from cablestream.pipeline.outcomes import FileProgress, Outcome, Problem
from cablestream.pipeline.pending import index_pending
from cablestream.pipeline.rawstash import RawStash
from cablestream.record import Cable
from cablestream.state.failures import Member, Subject

log = get_logger(__name__)
MAX_GROUPS = 16  # failure records one file may add (one per reason)
OTHER = "OtherReasons"
# A file up to this size is parsed from memory (most feed files are a few KB), a larger one from disk.
SPOOL_BYTES = 16 * 1024 * 1024


def warm_up() -> None:
    """Load the parser's data (the archive's 251,287 ids above all: ~0.5 s of CPU) in the worker's main
    process, before it forks its pool: every child then shares it instead of loading its own on its first
    file, which cost a feed of small files more CPU than parsing its first thousand files did."""
    archive()
    known_signers()
    known_codes()


def parse_file(w: Wiring, message: ParseFile) -> Iterator[Outcome]:
    """Parse one stored file of a job: an outcome per batch of records stored (they wait in the
    pending set for the index stage), then the file's failures, grouped by reason, and its final state."""
    job_id, index = message.job_id, message.index
    yield Outcome(job_id, files=[FileProgress(index, "parsing")])
    stored = 0
    failed: list[ParseFailure] = []
    stash = RawStash(w.redis_bytes)
    stashed = stash.get_many([message.sha256]).get(message.sha256)
    with _local_copy(w, message.sha256) if stashed is None else _in_memory(stashed) as file:
        outcomes = parse_from_file(file, name=message.name, sha256=message.sha256)
        for batch, failures in _batches(outcomes, w.settings.index_batch_size):
            failed += failures
            if batch:
                yield _stored(w, job_id, batch, message.express)
                stored += len(batch)
    yield Outcome(job_id, problems=grouped_problems(message, failed), files=[_final(index, stored, len(failed))])
    if stashed is not None:
        stash.drop([message.sha256])
    log.info("parsed file", cables=stored, failed=len(failed))


def parse_files(w: Wiring, message: ParseFiles) -> Iterator[Outcome]:
    """Parse several small files of a job at once: their objects are read and their records written
    concurrently, and the job's entries move together; each file keeps its own state and failures."""
    job_id = message.job_id
    yield Outcome(job_id, files=[FileProgress(f.index, "parsing") for f in message.files])
    stash = RawStash(w.redis_bytes)
    stashed = stash.get_many([f.sha256 for f in message.files])
    loaded = io_map(lambda f: stashed[f.sha256] if f.sha256 in stashed else _load(w, f.sha256), message.files)
    cables: list[Cable] = []
    problems: list[Problem] = []
    files: list[FileProgress] = []
    for ref, data in zip(message.files, loaded, strict=True):
        single = ParseFile(job_id=job_id, index=ref.index, sha256=ref.sha256, name=ref.name, express=message.express)
        if data is None:  # retryable by hand once the bytes are back, as a file of its own would be
            problems.append(Problem("ObjectMissing", f"{raw_key(ref.sha256)} is not in storage",
                                    single.subject(), retry=single, name=ref.name, retryable=True))
            files.append(FileProgress(ref.index, "failed", 0, 0, "the stored file is missing; retry the failure"))
            continue
        outcomes = list(parse_bytes(data, name=ref.name, sha256=ref.sha256))
        good = [o for o in outcomes if isinstance(o, Cable)]
        bad = [o for o in outcomes if isinstance(o, ParseFailure)]
        cables += good
        problems += grouped_problems(single, bad)
        files.append(_final(ref.index, len(good), len(bad)))
    stored = _stored(w, job_id, cables, message.express) if cables else Outcome(job_id)
    yield Outcome(job_id, passed=stored.passed, problems=problems, files=files, handoff=stored.handoff)
    stash.drop(list(stashed))  # recorded and handed on: a redelivered message reads storage
    log.info("parsed files", files=len(message.files), cables=len(cables), failed=len(problems))


def _stored(w: Wiring, job_id: str, batch: list[Cable], express: bool = False) -> Outcome:
    """Store records and leave their ids pending for the index stage, waking a drain if none is on its
    way; the records are stashed in Redis too (within a bound), for the index stage to read.  Those of
    the express lane wait in a pending set of their own, drained on the express queue past any archive's
    backlog: a flood of single files is indexed many to a bulk and a refresh, not one each."""
    records = _store_batch(w, batch)
    ids = [c.reference_id for c in batch]
    pending = index_pending(w.redis, express)
    pending.add(job_id, ids, records, stash_below=w.settings.index_stash_members)
    return Outcome(job_id, passed=ids, handoff=[DrainPending(express=express)] if pending.claim_wake() else [])


def _final(index: int, stored: int, failed: int) -> FileProgress:
    error = None if stored else "no cable could be parsed from this file"
    return FileProgress(index, "parsed" if stored else "failed", stored, failed, error)


@contextmanager
def _local_copy(w: Wiring, sha256: str) -> Iterator[BinaryIO]:
    """The stored file, copied a chunk at a time: in memory up to SPOOL_BYTES, else in a temporary file
    of the worker's temp dir (gone when closed).  Parsed from there, an archive of a gigabyte costs the
    worker a member at a time, not the archive (it held the whole object, 512 MB, plus what it inflated)."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        file = cast(BinaryIO, spool)
        w.store.download_file(sha256, file)
        yield file


@contextmanager
def _in_memory(data: bytes) -> Iterator[BinaryIO]:
    """A stashed small file, as the parser reads a stored one."""
    with io.BytesIO(data) as file:
        yield file


def _load(w: Wiring, sha256: str) -> bytes | None:
    try:
        return w.store.load_file(sha256)
    except ObjectMissing:
        return None


def grouped_problems(message: ParseFile, failures: list[ParseFailure]) -> list[Problem]:
    """One problem per reason (error type) however many members failed for it, so that one file adds
    at most MAX_GROUPS records to the failure store; each lists its members, and retrying it parses the
    file again.  Reasons past MAX_GROUPS (never seen: the parser has fewer) share the last record."""
    groups: dict[str, list[ParseFailure]] = {}
    for failure in failures:
        kind = failure.error_type if failure.error_type in groups or len(groups) < MAX_GROUPS - 1 else OTHER
        groups.setdefault(kind, []).append(failure)
    return [_problem(message, kind, members) for kind, members in groups.items()]


def _batches(outcomes: Iterator[Cable | ParseFailure], size: int
             ) -> Iterator[tuple[list[Cable], list[ParseFailure]]]:
    cables: list[Cable] = []
    failures: list[ParseFailure] = []
    for outcome in outcomes:
        if isinstance(outcome, ParseFailure):
            failures.append(outcome)
        else:
            cables.append(outcome)
        if len(cables) >= size:
            yield cables, failures
            cables, failures = [], []
    yield cables, failures


def _store_batch(w: Wiring, batch: list[Cable]) -> dict[str, bytes]:
    """Store the records; where what extraction reads is unchanged, keep the entities already found.
    Returns what was stored, by reference id."""
    unchanged = ExtractedDigests(w.redis).unchanged(batch)
    kept = io_map(lambda cable: _keep_entities(w, cable) if cable.reference_id in unchanged else cable, batch)
    records = {cable.reference_id: orjson.dumps(cable.to_json_dict()) for cable in kept}
    w.store.put_many({record_key(rid): data for rid, data in records.items()})
    return records


def _keep_entities(w: Wiring, cable: Cable) -> Cable:
    try:
        old = Cable.model_validate_json(w.store.load_bytes(record_key(cable.reference_id)))
    except ObjectMissing:
        return cable
    # The digest index is a hint; the stored record itself decides.
    if old.entities is None or input_digest(old) != input_digest(cable):
        return cable
    return cable.model_copy(update={"entities": old.entities, "extractor_version": old.extractor_version})


def _problem(message: ParseFile, kind: str, failures: list[ParseFailure]) -> Problem:
    first = failures[0]
    reason = first.reason if len(failures) == 1 else f"{len(failures)} members, e.g. {first.name}: {first.reason}"
    members = tuple(Member(f.index, f.name, f.reference_id, f.reason[:300]) for f in failures)
    # Retried as the whole file: the same bytes through a newer parser.
    return Problem(error_type=kind, reason=reason, name=first.name if len(failures) == 1 else message.name,
                   retry=message, subject=Subject(sha256=message.sha256, group=kind), members=members,
                   parser_version=PARSER_VERSION)
