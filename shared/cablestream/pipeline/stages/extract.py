"""Stage ``extract``: add entities to stored records, then update the index in place.

It runs after indexing, so a cable is searchable before its entities exist.  Re-running it is
harmless: records and entity documents are overwritten with the same content.  A record that already
carries entities of this extractor version (kept through a re-parse, see ``cablestream.pipeline.carryover``)
is passed over unless the caller forces extraction.
"""

from __future__ import annotations

from typing import Any

import orjson

from cablestream.extraction import EXTRACTOR_VERSION, extract_entities, extract_many
from cablestream.infra.iopool import io_map
from cablestream.infra.queue import TASK_EXTRACT
from cablestream.infra.storage import ObjectMissing, record_key
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.pipeline.carryover import ExtractedDigests, is_current
from cablestream.record import Cable, Entity
from cablestream.search.entity_docs import entity_documents
from cablestream.search.indexing import bulk_partial_update, bulk_upsert_entities
from cablestream.state import throughput
from cablestream.state.changes import ChangeFeed
from cablestream.state.failures import Failure

log = get_logger(__name__)


def extract_records(w: Wiring, job_id: str | None, reference_ids: list[str], force: bool = False) -> list[str]:
    """Extract entities for stored records; returns the ids that have current entities now (missing
    records are skipped)."""
    loaded = [c for c in io_map(lambda rid: _load(w, rid), reference_ids) if c is not None]
    current = [] if force else [c for c in loaded if is_current(c, EXTRACTOR_VERSION)]
    current_ids = {c.reference_id for c in current}
    todo = [c for c in loaded if c.reference_id not in current_ids]
    updated = _extract_isolated(w, job_id, todo)
    io_map(lambda c: w.store.put_bytes(record_key(c.reference_id), orjson.dumps(c.to_json_dict())), updated)
    ExtractedDigests(w.redis).remember(updated)
    bulk_upsert_entities(w.search, w.settings.entities_index, _entity_docs(updated))
    bulk_partial_update(w.search, w.settings.index_alias, {c.reference_id: _index_fields(c) for c in updated})
    # Consumers of the change feed see the entities too; an unchanged record appends nothing.
    ChangeFeed(w.redis).append("extract", (c.to_json_dict() for c in updated))
    throughput.record(w.redis, "extract", len(updated))
    ids = [c.reference_id for c in [*current, *updated]]
    if job_id:
        w.jobs.add(job_id, "extracted", ids)
    log.info("extracted batch", job_id=job_id, cables=len(updated), already_current=len(current))
    return ids


def _extract_isolated(w: Wiring, job_id: str | None, cables: list[Cable]) -> list[Cable]:
    """The cables with their entities.  Should the batch fail (a bug met by one odd cable), it is
    run again cable by cable, and each cable that still fails leaves a failure record instead of
    holding back the others of its batch."""
    try:
        return [_with_entities(c, entities) for c, entities in zip(cables, extract_many(cables), strict=True)]
    except Exception as err:  # any error of the model stack: isolated below
        log.warning("extraction batch failed; going cable by cable", error_type=type(err).__name__, error=str(err))
    done = []
    for cable in cables:
        try:
            done.append(_with_entities(cable, extract_entities(cable)))
        except Exception as err:  # recorded as this cable's failure
            _fail(w, job_id, cable.reference_id, err)
    return done


def _fail(w: Wiring, job_id: str | None, reference_id: str, err: Exception) -> None:
    fid = w.failures.record(Failure(
        stage="extract", error_type=type(err).__name__, message=str(err)[:2000], job_id=job_id or "-",
        reference_id=reference_id, extractor_version=EXTRACTOR_VERSION, retryable=True, task=TASK_EXTRACT,
        args=[job_id, [reference_id], True]))
    if job_id:
        w.jobs.add_failure(job_id, fid)
    log.error("extraction failed", reference_id=reference_id, failure_id=fid, error=str(err))


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


def _entity_docs(cables: list[Cable]) -> dict[str, dict[str, Any]]:
    # With every form each entity was written in (aliases), merged into what earlier cables wrote.
    return entity_documents(cables, EXTRACTOR_VERSION)
