"""Stage ``parse``: load a stored file, find and parse its cables, store each record, hand ids on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import orjson

from cablestream.infra.iopool import io_map
from cablestream.infra.queue import TASK_PARSE
from cablestream.infra.storage import ObjectMissing, record_key
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.metrics import STAGE_ITEMS
from cablestream.parsing import PARSER_VERSION, ParseFailure, parse_bytes
from cablestream.pipeline.carryover import ExtractedDigests, input_digest
from cablestream.pipeline.replay import resolve
from cablestream.record import Cable
from cablestream.state import throughput
from cablestream.state.failures import Failure

log = get_logger(__name__)


def parse_file(w: Wiring, job_id: str, file_index: int, sha256: str, name: str | None,
               send_batch: Callable[[list[str]], None]) -> tuple[int, int]:
    """Parse one stored file of a job; returns (cables stored, failures recorded)."""
    w.jobs.update_file(job_id, file_index, state="parsing")
    data = w.store.load_file(sha256)
    open_before = w.failures.for_file(sha256)
    seen: set[str] = set()
    stored = failed = 0
    for batch, failures in _batches(parse_bytes(data, name=name, sha256=sha256), w.settings.index_batch_size):
        seen.update(_record_failure(w, job_id, sha256, f, [job_id, file_index, sha256, name]) for f in failures)
        failed += len(failures)
        if batch:
            _store_batch(w, batch)
            ids = [c.reference_id for c in batch]
            w.jobs.add(job_id, "parsed", ids)
            send_batch(ids)
            stored += len(ids)
    resolve(w, open_before - seen)  # what failed before and did not fail now went through
    throughput.record(w.redis, "parse", stored)
    STAGE_ITEMS.labels("parse", "stored").inc(stored)
    STAGE_ITEMS.labels("parse", "failed").inc(failed)
    state = "parsed" if stored else "failed"
    w.jobs.update_file(job_id, file_index, state=state, cables=stored, failed=failed,
                       error=None if stored else "no cable could be parsed from this file")
    log.info("parsed file", job_id=job_id, sha256=sha256, cables=stored, failed=failed)
    return stored, failed


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


def _store_batch(w: Wiring, batch: list[Cable]) -> None:
    """Store the records; where what extraction reads is unchanged, keep the entities already found."""
    unchanged = ExtractedDigests(w.redis).unchanged(batch)

    def store(cable: Cable) -> None:
        if cable.reference_id in unchanged:
            cable = _keep_entities(w, cable)
        w.store.put_bytes(record_key(cable.reference_id), orjson.dumps(cable.to_json_dict()))

    io_map(store, batch)


def _keep_entities(w: Wiring, cable: Cable) -> Cable:
    try:
        old = Cable.model_validate_json(w.store.load_bytes(record_key(cable.reference_id)))
    except ObjectMissing:
        return cable
    # The digest index is a hint; the stored record itself decides.
    if old.entities is None or input_digest(old) != input_digest(cable):
        return cable
    return cable.model_copy(update={"entities": old.entities, "extractor_version": old.extractor_version})


def _record_failure(w: Wiring, job_id: str, sha256: str, failure: ParseFailure, retry_args: list[Any]) -> str:
    fid = w.failures.record(Failure(
        stage="parse", error_type=failure.error_type, message=failure.reason, job_id=job_id,
        sha256=sha256, name=failure.name, index=failure.index, reference_id=failure.reference_id,
        parser_version=PARSER_VERSION, retryable=True, task=TASK_PARSE, args=retry_args,
    ))
    w.jobs.add_failure(job_id, fid)
    log.warning("parse failure", job_id=job_id, sha256=sha256, reason=failure.reason, failure_id=fid)
    return fid
