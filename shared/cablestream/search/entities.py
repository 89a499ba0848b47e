"""Entity queries: top entities by cable count, one entity with the cables that mention it.

Entity documents (id, type, name) live in their own index; how many cables mention an entity is
counted from the cables index (``entity_ids``), so the count is always that of the indexed archive.
"""

from __future__ import annotations

import re
from typing import Any

from opensearchpy import OpenSearch


def top_entities(client: OpenSearch, cables: str, entities: str, type_: str | None, q: str | None,
                 size: int) -> list[dict[str, Any]]:
    """Entities with their cable counts, most mentioned first; ``q`` matches names."""
    include: str | list[str]
    if q:
        matched = _match_names(client, entities, type_, q, limit=1000)
        if not matched:
            return []
        include = list(matched)
    else:
        include = f"{re.escape(type_)}:.*" if type_ else ".*"
    body = {"size": 0, "aggs": {"ids": {"terms": {"field": "entity_ids", "size": size, "include": include}}}}
    buckets = client.search(index=cables, body=body)["aggregations"]["ids"]["buckets"]
    docs = _docs(client, entities, [b["key"] for b in buckets])
    return [docs.get(b["key"], _fallback(b["key"])) | {"cables": b["doc_count"]} for b in buckets]


def entity_with_cables(client: OpenSearch, cables: str, entities: str, entity_id: str, size: int,
                       offset: int) -> dict[str, Any] | None:
    doc = _docs(client, entities, [entity_id]).get(entity_id)
    if doc is None:
        return None
    body = {"query": {"term": {"entity_ids": entity_id}}, "size": size, "from": offset,
            "_source": ["reference_id", "subject", "created", "origin", "classification"],
            "sort": [{"created": {"order": "desc", "missing": "_last"}}, {"reference_id": "asc"}],
            "track_total_hits": True}
    hits = client.search(index=cables, body=body)["hits"]
    return doc | {"cables": hits["total"]["value"], "items": [h["_source"] for h in hits["hits"]]}


def _match_names(client: OpenSearch, entities: str, type_: str | None, q: str, limit: int) -> set[str]:
    filters = [{"term": {"type": type_}}] if type_ else []
    body = {"query": {"bool": {"must": [{"match": {"name": {"query": q, "operator": "and"}}}], "filter": filters}},
            "size": limit, "_source": False}
    return {h["_id"] for h in client.search(index=entities, body=body)["hits"]["hits"]}


def _docs(client: OpenSearch, entities: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    found = client.mget(index=entities, body={"ids": ids})["docs"]
    return {d["_id"]: {k: d["_source"][k] for k in ("id", "type", "name")} for d in found if d.get("found")}


def _fallback(entity_id: str) -> dict[str, Any]:
    type_, _, name = entity_id.partition(":")
    return {"id": entity_id, "type": type_, "name": name.replace("-", " ")}
