"""Records read back from the index: by id (``mget``, realtime) and as the record schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opensearchpy import OpenSearch

from cablestream.record import Cable
from cablestream.search.errors import checked_docs, translated

# The record's own fields (``from`` by its alias); the index adds some of its own (entity_ids...).
RECORD_FIELDS = frozenset(f.alias or name for name, f in Cable.model_fields.items())


def as_record(source: Mapping[str, Any]) -> dict[str, Any]:
    """An indexed document back to the record schema (docs/record.md)."""
    return {k: v for k, v in source.items() if k in RECORD_FIELDS}


def fetch(client: OpenSearch, alias: str, ids: list[str], fields: list[str] | None = None
          ) -> dict[str, dict[str, Any]]:
    """The indexed documents of those ids that exist, by id.  Realtime: sees writes not yet refreshed."""
    if not ids:
        return {}
    params = {"_source_includes": ",".join(fields)} if fields else {}
    with translated(f"mget of {len(ids)}"):
        result = client.mget(index=alias, body={"ids": list(dict.fromkeys(ids))}, params=params)
    return {d["_id"]: d.get("_source", {}) for d in checked_docs(f"mget of {len(ids)}", result["docs"])
            if d.get("found")}


def citing(client: OpenSearch, alias: str, reference_id: str, size: int, fields: list[str]
           ) -> tuple[int, list[dict[str, Any]]]:
    """Cables whose references include ``reference_id``, oldest first: (total, sources)."""
    body = {"query": {"term": {"references": reference_id}}, "size": size, "_source": fields,
            "track_total_hits": True,
            "sort": [{"created": {"order": "asc", "missing": "_last"}}, {"reference_id": "asc"}]}
    with translated(f"cited-by {reference_id}"):
        result = client.search(index=alias, body=body)
    return int(result["hits"]["total"]["value"]), [h["_source"] for h in result["hits"]["hits"]]
