"""Stage ``extract``: add entities to stored records, then update the index in place.

It runs after indexing, so a cable is searchable before its entities exist.  Re-running it is
harmless: records and entity documents are overwritten with the same content.  A record that already
carries entities of this extractor version (kept through a re-parse, see ``cablestream.pipeline.carryover``)
is passed over unless the caller forces extraction.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import orjson

from cablestream.extraction import EXTRACTOR_VERSION, extract_entities, extract_many
from cablestream.infra.iopool import io_map
from cablestream.infra.storage import ObjectMissing, record_key
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.pipeline.carryover import ExtractedDigests, is_current
from cablestream.pipeline.messages import ExtractRecords
from cablestream.pipeline.outcomes import Outcome, Problem, by_reason
from cablestream.record import Cable, Entity
from cablestream.search.entity_docs import entity_documents
from cablestream.search.indexing import bulk_partial_update, bulk_upsert_entities
from cablestream.state.changes import ChangeFeed
from cablestream.state.failures import Subject

log = get_logger(__name__)


def extract_records(w: Wiring, message: ExtractRecords) -> Iterator[Outcome]:
    """Extract entities for stored records (missing records are skipped).  What passes are the ids
    that carry current entities in storage and in both indices now."""
    loaded = [c for c in io_map(lambda rid: _load(w, rid), message.reference_ids) if c is not None]
    current = [] if message.force else [c for c in loaded if is_current(c, EXTRACTOR_VERSION)]
    current_ids = {c.reference_id for c in current}
    todo = [c for c in loaded if c.reference_id not in current_ids]
    updated, problems = _extract_isolated(message, todo)
    w.store.put_many({record_key(c.reference_id): orjson.dumps(c.to_json_dict()) for c in updated})
    ExtractedDigests(w.redis).remember(updated)
    # The current ones are indexed again too (idempotent): a worker killed between writing a record and
    # updating the index left a record that reads as done over a document without its entities.
    refused = _index(w, [*current, *updated])
    problems += [_problem(message, rid, "IndexRejected", reason) for rid, reason in refused.items()]
    indexed = [c for c in updated if c.reference_id not in refused]
    kept = [c for c in current if c.reference_id not in refused]
    # Consumers of the change feed see the entities too; an unchanged record appends nothing.
    ChangeFeed(w.redis).append("extract", (c.to_json_dict() for c in indexed))
    log.info("extracted batch", cables=len(indexed), already_current=len(kept), failed=len(problems))
    yield Outcome(message.job_id, passed=[c.reference_id for c in [*kept, *indexed]], unchanged=len(kept),
                  problems=by_reason(problems, partial(_retry, message.job_id)))


def _index(w: Wiring, cables: list[Cable]) -> dict[str, str]:
    """Entity documents, then the cables' entity fields; returns the cables either refused, with why
    (a refused entity document fails every cable that names it)."""
    docs = entity_documents(cables, EXTRACTOR_VERSION)
    refused_entities = bulk_upsert_entities(w.search, w.settings.entities_index, docs)
    refused: dict[str, str] = {}
    for cable in cables:
        for entity in cable.entities or []:
            if entity.id in refused_entities:
                refused.setdefault(cable.reference_id, f"entity {entity.id}: {refused_entities[entity.id]}")
    fields = {c.reference_id: _index_fields(c) for c in cables if c.reference_id not in refused}
    result = bulk_partial_update(w.search, w.settings.index_alias, fields)
    return refused | result.rejected


def _extract_isolated(message: ExtractRecords, cables: list[Cable]) -> tuple[list[Cable], list[Problem]]:
    """The cables with their entities.  Should the batch fail (a bug met by one odd cable), it is
    run again cable by cable, and each cable that still fails is a problem of its own instead of
    holding back the others of its batch."""
    try:
        return [_with_entities(c, e) for c, e in zip(cables, extract_many(cables), strict=True)], []
    except Exception as err:  # any error of the model stack: isolated below
        log.warning("extraction batch failed; going cable by cable", error_type=type(err).__name__, error=str(err))
    done: list[Cable] = []
    problems: list[Problem] = []
    for cable in cables:
        try:
            done.append(_with_entities(cable, extract_entities(cable)))
        except Exception as err:  # this cable's failure
            problems.append(_problem(message, cable.reference_id, type(err).__name__, str(err)))
    return done, problems


def _retry(job_id: str | None, reference_ids: list[str]) -> ExtractRecords:
    return ExtractRecords(job_id=job_id, reference_ids=reference_ids, force=True)


def _problem(message: ExtractRecords, reference_id: str, error_type: str, reason: str) -> Problem:
    retry = ExtractRecords(job_id=message.job_id, reference_ids=[reference_id], force=True)
    return Problem(error_type=error_type, reason=reason, subject=Subject(reference_id=reference_id), retry=retry,
                   extractor_version=EXTRACTOR_VERSION)


def _load(w: Wiring, reference_id: str) -> Cable | None:
    try:
        return Cable.model_validate_json(w.store.load_bytes(record_key(reference_id)))
    except ObjectMissing:
        return None


def _with_entities(cable: Cable, entities: list[Entity]) -> Cable:
    return cable.model_copy(update={"entities": entities, "extractor_version": EXTRACTOR_VERSION})


def _index_fields(cable: Cable) -> dict[str, Any]:
    entities = [e.model_dump(mode="json") for e in cable.entities or []]
    return {"entities": entities, "entity_ids": [e["id"] for e in entities],
            "extractor_version": cable.extractor_version}

