"""Bulk upserts keyed by reference id: indexing a cable twice leaves one document."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import TransportError

from cablestream.metrics import BULK_SIZE
from cablestream.search.client import SearchUnavailable

# Statuses that say "try again later" rather than "this document is bad".
_TRANSIENT = {429, 502, 503, 504}


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
    lines: list[dict[str, Any]] = []
    for entity_id, doc in docs.items():
        lines.append({"index": {"_index": index, "_id": entity_id}})
        lines.append(dict(doc))
    _send(client, lines)


def _send(client: OpenSearch, lines: list[dict[str, Any]]) -> None:
    if not lines:
        return
    BULK_SIZE.labels("extract").observe(len(lines) // 2)
    try:
        response = client.bulk(body=lines)
    except (OSConnectionError, TransportError) as err:
        raise SearchUnavailable(f"bulk of {len(lines) // 2}: {err}") from err
    for item in response["items"]:
        status = int(next(iter(item.values())).get("status", 500))
        if status in _TRANSIENT:
            raise SearchUnavailable(f"bulk item answered {status}")
