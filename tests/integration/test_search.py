"""The index behind its alias, and bulk upserts, against the real OpenSearch."""

from __future__ import annotations

from cablestream.infra.wiring import Wiring
from cablestream.search.client import ensure_index
from cablestream.search.indexing import bulk_upsert


def _record(rid: str, subject: str) -> dict[str, object]:
    return {"reference_id": rid, "subject": subject, "body": "text", "tags": ["KZ"],
            "source": {"format": "text", "sha256": None, "name": None, "index": 0}, "parser_version": "t"}


def test_ensure_index_is_idempotent_and_aliased(wiring: Wiring) -> None:
    ensure_index(wiring.search, wiring.settings)
    ensure_index(wiring.search, wiring.settings)
    aliases = wiring.search.indices.get_alias(name=wiring.settings.index_alias)
    assert list(aliases) == [wiring.settings.index_name]


def test_bulk_upsert_keys_documents_by_reference_id(wiring: Wiring) -> None:
    alias = wiring.settings.index_alias
    bulk_upsert(wiring.search, alias, [_record("01TEST1", "first")], refresh=True)
    result = bulk_upsert(wiring.search, alias, [_record("01TEST1", "second"), {"reference_id": "01TEST2",
                                                                             "not_a_field": 1}], refresh=True)
    assert result.indexed == ["01TEST1"]
    assert "01TEST2" in result.rejected  # strict mapping: a malformed record is a data error, not a retry
    doc = wiring.search.get(index=alias, id="01TEST1")
    assert doc["_source"]["subject"] == "second"
    count = wiring.search.count(index=alias, body={"query": {"term": {"reference_id": "01TEST1"}}})
    assert count["count"] == 1
