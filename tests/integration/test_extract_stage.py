"""Stage ``extract`` against the real servers: entities land in storage, the cables index and the
entities index, and running it twice changes nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator

import orjson
import pytest

from cablestream.extraction import EXTRACTOR_VERSION, extract_entities
from cablestream.infra.storage import record_key
from cablestream.infra.wiring import Wiring
from cablestream.parsing import parse_bytes
from cablestream.pipeline.carryover import ExtractedDigests
from cablestream.pipeline.messages import ExtractRecords, ParseFile
from cablestream.pipeline.stages import extract as extract_stage
from cablestream.record import Cable, Entity
from cablestream.search.indexing import bulk_upsert
from cablestream.state.jobs import FileEntry
from tests.conftest import SAMPLES
from tests.stages import run_stage


def _seed(wiring: Wiring) -> list[str]:
    cables = [c for p in sorted(SAMPLES.glob("*.txt")) for c in parse_bytes(p.read_bytes(), name=p.name)]
    assert all(isinstance(c, Cable) for c in cables)
    records = [c.to_json_dict() for c in cables if isinstance(c, Cable)]
    for record in records:
        wiring.store.put_bytes(record_key(str(record["reference_id"])), orjson.dumps(record))
    bulk_upsert(wiring.search, wiring.settings.index_alias, records, refresh=True)
    return [str(r["reference_id"]) for r in records]


def test_extraction_updates_record_and_both_indices(wiring: Wiring) -> None:
    ids = _seed(wiring)
    for _ in range(2):  # idempotent
        assert sorted(_extract(wiring, ids)) == sorted(ids)
    stored = orjson.loads(wiring.store.load_bytes(record_key("09ASTANA497")))
    people = {e["id"] for e in stored["entities"] if e["type"] == "person"}
    assert "person:zhanar-aitzhanova" in people and stored["extractor_version"]
    s = wiring.settings
    wiring.search.indices.refresh(index=f"{s.index_alias},{s.entities_alias}")
    doc = wiring.search.get(index=s.index_alias, id="09ASTANA497")["_source"]
    assert "person:zhanar-aitzhanova" in doc["entity_ids"]
    assert doc["subject"]  # a partial update keeps the rest of the document
    entity = wiring.search.get(index=s.entities_alias, id="person:zhanar-aitzhanova")["_source"]
    assert entity["name"] == "Zhanar Aitzhanova"
    hits = wiring.search.count(index=s.index_alias, body={"query": {"term": {"entity_ids": "person:nazarbayev"}}})
    assert hits["count"] == 2


def _parse_sample(wiring: Wiring, name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    stored = wiring.store.put_file(io.BytesIO(data), "text/plain")
    entry = FileEntry(index=0, name=name, sha256=stored.sha256, size=len(data), duplicate=stored.duplicate)
    job_id = wiring.jobs.create([entry])
    ran = run_stage(wiring, ParseFile(job_id=job_id, index=0, sha256=stored.sha256, name=name))
    assert len(ran.passed) == 1


def _extract(wiring: Wiring, ids: list[str], force: bool = False, job_id: str | None = None) -> list[str]:
    return run_stage(wiring, ExtractRecords(job_id=job_id, reference_ids=ids, force=force)).passed


def _stored(wiring: Wiring, reference_id: str) -> Cable:
    return Cable.model_validate_json(wiring.store.load_bytes(record_key(reference_id)))


def test_a_reparse_keeps_entities_and_extraction_passes_current_records_over(wiring: Wiring) -> None:
    name = "09ASTANA497.txt"
    _parse_sample(wiring, name)
    _extract(wiring, ["09ASTANA497"])
    found = _stored(wiring, "09ASTANA497").entities
    assert found

    _parse_sample(wiring, name)  # the same bytes again: the new record keeps what was found
    assert _stored(wiring, "09ASTANA497").entities == found

    # A record of the current extractor version is passed over unless forced: mark it to tell.
    marked = _stored(wiring, "09ASTANA497").model_copy(update={"entities": []})
    wiring.store.put_bytes(record_key("09ASTANA497"), orjson.dumps(marked.to_json_dict()))
    assert _extract(wiring, ["09ASTANA497"]) == ["09ASTANA497"]
    assert _stored(wiring, "09ASTANA497").entities == []
    _extract(wiring, ["09ASTANA497"], force=True)
    assert _stored(wiring, "09ASTANA497").entities == found


def test_a_changed_cable_is_extracted_again(wiring: Wiring) -> None:
    _parse_sample(wiring, "09ASTANA497.txt")
    _extract(wiring, ["09ASTANA497"])
    old = _stored(wiring, "09ASTANA497")
    changed = old.model_copy(update={"subject": "A DIFFERENT SUBJECT", "entities": None, "extractor_version": None})
    assert ExtractedDigests(wiring.redis).unchanged([changed]) == {}
    assert ExtractedDigests(wiring.redis).unchanged([old]) == {"09ASTANA497": old.extractor_version}


def test_a_cable_that_breaks_extraction_leaves_a_failure_and_not_its_batch(
        wiring: Wiring, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _seed(wiring)
    bad = "09ASTANA1145"
    real = extract_entities  # what the stage calls until it is patched below

    def broken_on_one(cable: Cable) -> list[Entity]:  # stands in for a bug in the model stack
        if cable.reference_id == bad:
            raise ValueError("offsets out of range")
        return real(cable)

    def broken_batch(cables: list[Cable]) -> Iterator[list[Entity]]:
        return (broken_on_one(c) for c in cables)

    monkeypatch.setattr(extract_stage, "extract_entities", broken_on_one)
    monkeypatch.setattr(extract_stage, "extract_many", broken_batch)
    assert _extract(wiring, ids, force=True, job_id="job-x") == [r for r in ids if r != bad]
    [fid] = [f for f in wiring.failures.for_references([bad]) if wiring.failures.get(f).stage == "extract"]  # type: ignore[union-attr]
    failure = wiring.failures.get(fid)
    assert failure is not None and failure.error_type == "ValueError"
    assert failure.retry_message == {"v": 1, "job_id": "job-x", "reference_ids": [bad], "force": True}
    assert not failure.resolved and not failure.retryable  # a data error: final until the extractor changes
    assert fid in {f.id for f in wiring.failures.query(job_id="job-x")}

    monkeypatch.undo()  # the bug is fixed; the retry goes through and the failure is over
    assert run_stage(wiring, ExtractRecords.model_validate(failure.retry_message)).passed == [bad]
    resolved = wiring.failures.get(fid)
    assert resolved is not None and resolved.resolved


def test_a_worker_killed_between_the_record_and_the_index_leaves_nothing_behind(wiring: Wiring) -> None:
    """The extract stage writes the record, then updates the index: a worker killed between the two left a
    record that read as current over a document without entities, and the redelivered message passed it
    over (found by make test-cluster: 50 cables, one message, never got their entities)."""
    ids = _seed(wiring)
    cables = [_stored(wiring, rid) for rid in ids]
    for cable in cables:  # the record written with its entities, as the killed worker left it ...
        done = cable.model_copy(update={"entities": extract_entities(cable), "extractor_version": EXTRACTOR_VERSION})
        wiring.store.put_bytes(record_key(cable.reference_id), orjson.dumps(done.to_json_dict()))
    s = wiring.settings  # ... and the index as parse left it (_seed): no entities
    assert wiring.search.get(index=s.index_alias, id=ids[0])["_source"].get("extractor_version") is None
    assert sorted(_extract(wiring, ids)) == sorted(ids)  # redelivered: the records read as current
    wiring.search.indices.refresh(index=s.index_alias)
    for rid in ids:
        doc = wiring.search.get(index=s.index_alias, id=rid)["_source"]
        assert doc["extractor_version"] == EXTRACTOR_VERSION and doc["entity_ids"], rid
