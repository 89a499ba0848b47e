"""Bulk upserts keyed by reference id: indexing a cable twice leaves one document."""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import TransportError

from cablestream.logging import get_logger
from cablestream.metrics import BULK_SIZE
from cablestream.search.client import SearchUnavailable
from cablestream.search.entity_merge import merge

# Statuses that say "try again later" rather than "this document is bad".
_TRANSIENT = {429, 502, 503, 504}
# Rounds of read-merge-write before concurrent writers are taken for a fault.  Each round at least one
# writer of a document wins, and only documents that learn something are written at all.
_MERGE_ATTEMPTS = 12
_MERGE_PAUSE = 0.02  # seconds, times the attempt: the bound of the jittered pause
log = get_logger(__name__)


@dataclass
class BulkResult:
    indexed: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # reference id -> reason (data errors)


def document(record: Mapping[str, Any]) -> dict[str, Any]:
    """The indexed document: the record plus the fields only search needs."""
    doc = dict(record)
    entities = record.get("entities") or []
    doc["entity_ids"] = [e["id"] for e in entities]
    return doc


def bulk_upsert(client: OpenSearch, index: str, records: Iterable[Mapping[str, Any]],
                refresh: bool = False) -> BulkResult:
    """Index full records by reference id in one bulk request; transient failures raise."""
    lines: list[dict[str, Any]] = []
    for record in records:
        lines.append({"index": {"_index": index, "_id": record["reference_id"]}})
        lines.append(document(record))
    result = BulkResult()
    if not lines:
        return result
    BULK_SIZE.labels("index").observe(len(lines) // 2)
    try:
        response = client.bulk(body=lines, params={"refresh": "true" if refresh else "false"})
    except (OSConnectionError, TransportError) as err:
        raise SearchUnavailable(f"bulk of {len(lines) // 2}: {err}") from err
    for item in response["items"]:
        _collect(item["index"], result)
    return result


def partial_update(client: OpenSearch, index: str, reference_id: str, fields: Mapping[str, Any]) -> None:
    try:
        client.update(index=index, id=reference_id, body={"doc": dict(fields)}, params={"retry_on_conflict": 3})
    except (OSConnectionError, TransportError) as err:
        raise SearchUnavailable(f"update {reference_id}: {err}") from err


def _collect(item: Mapping[str, Any], result: BulkResult) -> None:
    status = int(item.get("status", 500))
    if status < 300:
        result.indexed.append(item["_id"])
    elif status in _TRANSIENT:
        raise SearchUnavailable(f"bulk item {item['_id']} answered {status}")
    else:
        reason = item.get("error", {})
        result.rejected[item["_id"]] = f"{reason.get('type')}: {reason.get('reason')}"


def bulk_partial_update(client: OpenSearch, index: str, updates: Mapping[str, Mapping[str, Any]]) -> None:
    """Update some fields of existing documents (entities after extraction); one bulk request."""
    lines: list[dict[str, Any]] = []
    for reference_id, fields in updates.items():
        lines.append({"update": {"_index": index, "_id": reference_id, "retry_on_conflict": 3}})
        lines.append({"doc": dict(fields)})
    _send(client, lines)


def bulk_upsert_entities(client: OpenSearch, index: str, docs: Mapping[str, Mapping[str, Any]]) -> None:
    """Create entity documents or merge them into the stored ones (``search.entity_merge``: aliases are
    a union).  Read, merge, write only if something changed, each write conditional on the version read:
    one that lost a race with another writer is read and merged again."""
    pending = dict(docs)
    for attempt in range(_MERGE_ATTEMPTS):
        if attempt:  # lost a race: let the winner finish, and spread the losers out (jittered)
            time.sleep(random.uniform(0, _MERGE_PAUSE * attempt))
        stored = _read_versions(client, index, list(pending))
        lines: list[dict[str, Any]] = []
        for entity_id, doc in pending.items():
            old, version = stored.get(entity_id, (None, None))
            merged = merge(old, doc)
            if merged == old:
                continue  # re-extracting a cable that taught nothing new writes nothing
            action = {"_index": index, "_id": entity_id}
            lines.append({"index": action | version} if version else {"create": action})
            lines.append(merged)
        items = _send(client, lines)
        conflicts = {item["_id"] for item in items if int(item.get("status", 500)) == 409}
        _log_rejected([item for item in items if 300 <= int(item.get("status", 500)) != 409])
        pending = {entity_id: pending[entity_id] for entity_id in conflicts}
        if not pending:
            return
    raise SearchUnavailable(f"entity documents kept changing while merged: {sorted(pending)[:5]}")


def _read_versions(client: OpenSearch, index: str, ids: list[str]
                   ) -> dict[str, tuple[dict[str, Any], dict[str, int]]]:
    if not ids:
        return {}
    try:
        found = client.mget(index=index, body={"ids": ids})["docs"]
    except (OSConnectionError, TransportError) as err:
        raise SearchUnavailable(f"read {len(ids)} entities: {err}") from err
    return {d["_id"]: (d["_source"], {"if_seq_no": d["_seq_no"], "if_primary_term": d["_primary_term"]})
            for d in found if d.get("found")}


def _log_rejected(items: list[dict[str, Any]]) -> None:
    # Our own documents: a rejection is a bug (a field the mapping lacks), never the data; say so loudly
    # rather than lose the entity quietly.
    if items:
        error = items[0].get("error", {})
        log.error("entity documents rejected", count=len(items), first_id=items[0].get("_id"),
                  error_type=error.get("type"), reason=str(error.get("reason"))[:300])


def _send(client: OpenSearch, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items of one bulk request, each as its action answered; transient failures raise."""
    if not lines:
        return []
    BULK_SIZE.labels("extract").observe(len(lines) // 2)
    try:
        response = client.bulk(body=lines)
    except (OSConnectionError, TransportError) as err:
        raise SearchUnavailable(f"bulk of {len(lines) // 2}: {err}") from err
    items = [next(iter(item.values())) for item in response["items"]]
    for item in items:
        status = int(item.get("status", 500))
        if status in _TRANSIENT:
            raise SearchUnavailable(f"bulk item answered {status}")
    return items
