"""Bulk upserts keyed by reference id: indexing a cable twice leaves one document."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import TransportError

from cablestream.logging import get_logger
from cablestream.metrics import BULK_SIZE
from cablestream.search.client import SearchUnavailable

# Statuses that say "try again later" rather than "this document is bad".
_TRANSIENT = {429, 502, 503, 504}
# Enough for every spelling, case and typo of a name; a bound, so a runaway extractor bug cannot grow an
# entity document without end.
MAX_ALIASES = 100
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


# Merge one entity document into the stored one: the aliases are a union (each cable knows only the forms
# it wrote), every other field takes the newer value.  A document that gains nothing is left untouched
# (ctx.op none), so re-extracting a cable costs no new segment writes.
_MERGE_ENTITY = """
boolean changed = false;
for (entry in params.doc.entrySet()) {
  if (entry.getKey() != 'aliases' && ctx._source[entry.getKey()] != entry.getValue()) {
    ctx._source[entry.getKey()] = entry.getValue();
    changed = true;
  }
}
if (ctx._source.aliases == null) { ctx._source.aliases = []; changed = true; }
for (alias in params.doc.getOrDefault('aliases', [])) {
  if (ctx._source.aliases.size() >= params.max) { break; }
  if (!ctx._source.aliases.contains(alias)) { ctx._source.aliases.add(alias); changed = true; }
}
if (!changed) { ctx.op = 'none'; }
"""


def bulk_upsert_entities(client: OpenSearch, index: str, docs: Mapping[str, Mapping[str, Any]]) -> None:
    """Create or merge entity documents (``search.entity_docs``), keyed by entity id; aliases accumulate."""
    lines: list[dict[str, Any]] = []
    for entity_id, doc in docs.items():
        upsert = dict(doc) | {"aliases": list(doc.get("aliases", []))[:MAX_ALIASES]}
        lines.append({"update": {"_index": index, "_id": entity_id, "retry_on_conflict": 3}})
        lines.append({"script": {"source": _MERGE_ENTITY, "lang": "painless",
                                 "params": {"doc": dict(doc), "max": MAX_ALIASES}},
                      "upsert": upsert})
    rejected = [item for item in _send(client, lines) if int(item.get("status", 500)) >= 300]
    if rejected:  # our own documents and script: a bug, never the data; say so rather than lose it quietly
        error = rejected[0].get("error", {})
        log.error("entity documents rejected", count=len(rejected), first_id=rejected[0].get("_id"),
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
