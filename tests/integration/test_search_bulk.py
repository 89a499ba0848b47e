"""Bulk writes against the real OpenSearch: every item's answer is read, and a document OpenSearch
refuses (a field whose value the mapping cannot take) comes back in ``rejected`` with the reason while
the others are written, for all three bulk writers.  A server that does not answer raises."""

from __future__ import annotations

import uuid

import pytest

from cablestream.infra.wiring import Wiring
from cablestream.search.client import make_client
from cablestream.search.entity_docs import complete
from cablestream.search.errors import SearchUnavailable
from cablestream.search.indexing import bulk_partial_update, bulk_upsert, bulk_upsert_entities
from devtools.localsystem import free_port

RUN = uuid.uuid4().hex[:6].upper()


def _record(rid: str, **fields: object) -> dict[str, object]:
    return {"reference_id": rid, "subject": "s", "parser_version": "t"} | fields


def test_bulk_upsert_returns_the_refused_records_with_why(wiring: Wiring) -> None:
    good, bad = f"09BULK{RUN}1", f"09BULK{RUN}2"
    result = bulk_upsert(wiring.search, wiring.settings.index_alias,
                         [_record(good), _record(bad, created="not a date")], refresh=True)
    assert result.indexed == [good]
    assert list(result.rejected) == [bad] and "mapper_parsing_exception" in result.rejected[bad]
    assert wiring.search.exists(index=wiring.settings.index_alias, id=good)


def test_bulk_partial_update_returns_the_refused_updates_per_reference_id(wiring: Wiring) -> None:
    alias = wiring.settings.index_alias
    ok, conflicting, missing = f"09UPD{RUN}1", f"09UPD{RUN}2", f"09UPD{RUN}3"
    bulk_upsert(wiring.search, alias, [_record(ok), _record(conflicting)], refresh=True)
    result = bulk_partial_update(wiring.search, alias, {
        ok: {"extractor_version": "2.0.0"}, conflicting: {"created": "not a date"},
        missing: {"extractor_version": "2.0.0"}})
    assert result.indexed == [ok]
    assert set(result.rejected) == {conflicting, missing}
    assert "mapper_parsing_exception" in result.rejected[conflicting]
    assert "document_missing_exception" in result.rejected[missing]  # not indexed: nothing to update
    assert wiring.search.get(index=alias, id=ok)["_source"]["extractor_version"] == "2.0.0"


def test_bulk_upsert_entities_returns_the_refused_entity_ids(wiring: Wiring) -> None:
    index = wiring.settings.entities_alias
    good = complete({"id": f"person:ada-{RUN.lower()}", "type": "person", "name": f"Ada {RUN}", "source": "model",
                     "extractor_version": "t"})
    bad = good | {"id": f"org:bad-{RUN.lower()}", "type": {"not": "a keyword"}}
    rejected = bulk_upsert_entities(wiring.search, index, {good["id"]: good, bad["id"]: bad})
    assert list(rejected) == [bad["id"]] and "mapper_parsing_exception" in rejected[bad["id"]]
    assert wiring.search.get(index=index, id=good["id"])["_source"]["name"] == f"Ada {RUN}"
    assert bulk_upsert_entities(wiring.search, index, {good["id"]: good}) == {}  # nothing new, nothing refused


def test_a_server_that_does_not_answer_raises_for_every_writer(wiring: Wiring) -> None:
    down = make_client(wiring.settings.model_copy(update={"opensearch_url": f"http://127.0.0.1:{free_port()}"}))
    with pytest.raises(SearchUnavailable):
        bulk_upsert(down, "any", [_record("09DOWN1")])
    with pytest.raises(SearchUnavailable):
        bulk_partial_update(down, "any", {"09DOWN1": {"extractor_version": "x"}})
    with pytest.raises(SearchUnavailable):
        bulk_upsert_entities(down, "any", {"x:y": {"id": "x:y", "type": "x", "name": "y"}})
