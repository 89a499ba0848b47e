"""Bulk writes keyed by reference id (indexing a cable twice leaves one document), and entity documents.

Requests are built and sent by ``opensearchpy.helpers.streaming_bulk``: it chunks the actions, and
sends items answered 429 (a full write queue) again with exponential backoff.  Every item's answer is
read: an item that still fails for a transient reason (429 after those retries, 5xx) raises
``SearchUnavailable`` so the task is retried; one OpenSearch refuses (a field the mapping cannot take)
comes back to the caller in ``rejected``, with the reason.  A request that fails as a whole (no
connection, a 413) is not a verdict on its documents: it raises, classified by ``search.errors``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.helpers import streaming_bulk
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from cablestream.metrics import BULK_SIZE
from cablestream.search.entity_merge import merge
from cablestream.search.errors import SearchUnavailable, checked_docs, item_reason, transient, translated

# Per-item 429s: sent again after 1, 2, 4 s, then the task's own retry (with its backoff) takes over.
_ITEM_RETRIES, _FIRST_BACKOFF, _MAX_BACKOFF = 3, 1, 4
# Rounds of read-merge-write before concurrent writers are taken for a fault.  Each round at least one
# writer of a document wins, and only documents that learn something are written at all.
_MERGE_ATTEMPTS = 12


@dataclass
class BulkResult:
    indexed: list[str] = field(default_factory=list)  # ids written (or updated)
    rejected: dict[str, str] = field(default_factory=dict)  # id -> "type: reason" (refused by OpenSearch: final)


def document(record: Mapping[str, Any]) -> dict[str, Any]:
    """The indexed document: the record plus the fields only search needs."""
    doc = dict(record)
    entities = record.get("entities") or []
    doc["entity_ids"] = [e["id"] for e in entities]
    return doc


def bulk_upsert(client: OpenSearch, index: str, records: Iterable[Mapping[str, Any]],
                refresh: bool = False) -> BulkResult:
    """Index full records by reference id; ``rejected``: the records OpenSearch refused, with why."""
    # ``_source`` explicitly: a record field named like bulk metadata (``version``, ``routing``) stays data.
    actions = [{"_op_type": "index", "_index": index, "_id": r["reference_id"], "_source": document(r)}
               for r in records]
    return _result(send_actions(client, _counted("index", actions), f"index {len(actions)} records", refresh=refresh))


def bulk_partial_update(client: OpenSearch, index: str, updates: Mapping[str, Mapping[str, Any]]) -> BulkResult:
    """Update some fields of existing documents (entities after extraction).  ``rejected``: by reference
    id, the updates OpenSearch refused, with why (a document that is not indexed is one: 404)."""
    actions = [{"_op_type": "update", "_index": index, "_id": reference_id, "retry_on_conflict": 3,
                "_source": {"doc": dict(fields)}} for reference_id, fields in updates.items()]
    return _result(send_actions(client, _counted("extract", actions), f"update {len(actions)} records"))


def bulk_upsert_entities(client: OpenSearch, index: str, docs: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Create entity documents or merge them into the stored ones (``search.entity_merge``: aliases are
    a union).  Returns the entity ids OpenSearch refused, with why (empty: every document is stored).

    Read, merge, write only if something changed, each write conditional on the version read: one that
    lost a race with another writer (409) is read and merged again, after a jittered pause that lets the
    winner finish and spreads the losers out.  ``SearchUnavailable`` if writers still collide after
    ``_MERGE_ATTEMPTS`` rounds."""
    pending = dict(docs)
    rejected: dict[str, str] = {}
    rounds = Retrying(stop=stop_after_attempt(_MERGE_ATTEMPTS), retry=retry_if_exception_type(_LostRace),
                      wait=wait_random_exponential(multiplier=0.01, max=0.2), reraise=True)
    try:
        for attempt in rounds:
            with attempt:
                lost = _merge_round(client, index, pending, rejected)
                pending = {entity_id: pending[entity_id] for entity_id in lost}
                if pending:
                    raise _LostRace(sorted(pending))
    except _LostRace as err:
        raise SearchUnavailable(f"entity documents kept changing while merged: {err.ids[:5]}") from err
    return rejected


class _LostRace(Exception):
    """Other writers changed these entity documents between our read and our write."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__(ids)
        self.ids = ids


def _merge_round(client: OpenSearch, index: str, docs: Mapping[str, Mapping[str, Any]],
                 rejected: dict[str, str]) -> set[str]:
    """Write what merging ``docs`` into the stored documents changes; adds refusals to ``rejected``;
    returns the ids that lost a race."""
    stored = _read_versions(client, index, list(docs))
    actions: list[dict[str, Any]] = []
    for entity_id, doc in docs.items():
        old, version = stored.get(entity_id, (None, {}))
        merged = merge(old, doc)
        if merged == old:
            continue  # re-extracting a cable that taught nothing new writes nothing
        action = {"_op_type": "index" if version else "create", "_index": index, "_id": entity_id}
        actions.append(action | version | {"_source": merged})
    lost: set[str] = set()
    for item in send_actions(client, _counted("extract", actions), f"write {len(actions)} entities"):
        if item["status"] == 409:
            lost.add(item["_id"])
        elif item["status"] >= 300:
            rejected[item["_id"]] = item_reason(item)
    return lost


def _read_versions(client: OpenSearch, index: str, ids: list[str]
                   ) -> dict[str, tuple[dict[str, Any], dict[str, int]]]:
    if not ids:
        return {}
    with translated(f"read {len(ids)} entities"):
        found = client.mget(index=index, body={"ids": ids})["docs"]
    return {d["_id"]: (d["_source"], {"if_seq_no": d["_seq_no"], "if_primary_term": d["_primary_term"]})
            for d in checked_docs(f"read {len(ids)} entities", found) if d.get("found")}


def send_actions(client: OpenSearch, actions: Iterable[dict[str, Any]], operation: str,
                 **params: Any) -> list[dict[str, Any]]:
    """Every item's answer (``_id``, ``status``, ``error``), one per action, once the library retried
    per-item 429s (items sent again come last).  An item still answered with a transient status raises
    ``SearchUnavailable``; ``params`` go to the bulk request (``refresh``) or the helper (``chunk_size``)."""
    return list(_items(client, actions, operation, params))


def _items(client: OpenSearch, actions: Iterable[dict[str, Any]], operation: str,
           params: dict[str, Any]) -> Iterator[dict[str, Any]]:
    with translated(operation):  # raise_on_exception: a request failing as a whole raises, classified
        for _, answer in streaming_bulk(client, actions, raise_on_error=False, raise_on_exception=True,
                                        max_retries=_ITEM_RETRIES, initial_backoff=_FIRST_BACKOFF,
                                        max_backoff=_MAX_BACKOFF, **params):
            item: dict[str, Any] = next(iter(answer.values()))
            if transient(item.get("status")):
                raise SearchUnavailable(f"{operation}: item {item.get('_id')} answered {item.get('status')}: "
                                        f"{item_reason(item)}")
            yield item


def _counted(stage: str, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if actions:
        BULK_SIZE.labels(stage).observe(len(actions))
    return actions


def _result(items: list[dict[str, Any]]) -> BulkResult:
    result = BulkResult()
    for item in items:
        if item["status"] < 300:
            result.indexed.append(item["_id"])
        else:
            result.rejected[item["_id"]] = item_reason(item)
    return result
