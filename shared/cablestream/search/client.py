"""The OpenSearch client and the idempotent creation of the versioned index behind its alias.

Index definitions are package data (``search/mappings/<kind>-v<N>.json``), read with
``importlib.resources``, so an installed package carries them wherever it is installed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.helpers import scan

from cablestream.logging import get_logger
from cablestream.search.errors import SearchRejected, SearchUnavailable, item_reason, translated
from cablestream.search.indexing import send_actions
from cablestream.search.serializer import OrjsonSerializer
from cablestream.settings import Settings

__all__ = ["IndexStats", "SearchRejected", "SearchUnavailable", "ensure_index", "index_stats", "load_mapping",
           "make_client", "ping", "sized"]

_COPY_BATCH = 500
log = get_logger(__name__)


@dataclass(frozen=True)
class IndexStats:
    documents: int
    size_bytes: int


def make_client(settings: Settings) -> OpenSearch:
    # retry_on_timeout off: the task layer owns retries, with backoff and a cap.  With several nodes the
    # client's pool sends requests round the live ones and, on a connection error, marks the node dead
    # for a while and sends the same request to the next: max_retries covers a node lost out of three.
    # No sniffing: the nodes' own publish addresses may not be reachable from the client's network.
    # pool_maxsize: connections kept open per node.  urllib3's default keeps one, so with concurrent
    # requests (the read API's threads, say) every other request opened and closed a connection of its own.
    hosts = settings.opensearch_hosts
    return OpenSearch(hosts=hosts, timeout=30, max_retries=max(2, len(hosts) - 1), retry_on_timeout=False,
                      http_compress=False, pool_maxsize=settings.opensearch_pool_size, serializer=OrjsonSerializer())


def load_mapping(version: int, kind: str = "cables") -> dict[str, Any]:
    """The index definition shipped as ``cablestream/search/mappings/<kind>-v<N>.json``."""
    text = resources.files("cablestream.search").joinpath("mappings", f"{kind}-v{version}.json").read_text()
    mapping: dict[str, Any] = json.loads(text)
    return mapping


def ensure_index(client: OpenSearch, settings: Settings) -> None:
    """Create the cables and entities indices behind their aliases, unless already so.  Safe to race."""
    _ensure(client, settings.index_alias, settings.index_name, sized(load_mapping(settings.index_version), settings))
    _ensure(client, settings.entities_alias, settings.entities_index,
            sized(load_mapping(settings.entities_version, "entities"), settings), carry=_carry_entity)
    if settings.index_replicas is not None:  # replicas can change on a live index (shards cannot)
        for name in (settings.index_name, settings.entities_index):
            _set_live(client, name, "number_of_replicas", settings.index_replicas)
    _set_live(client, settings.index_name, "refresh_interval", settings.index_refresh_interval)


def sized(mapping: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The index definition with the shards and replicas the settings ask for (else the mapping's)."""
    index = dict(mapping.get("settings", {}).get("index", {}))
    if settings.index_shards is not None:
        index["number_of_shards"] = settings.index_shards
    if settings.index_replicas is not None:
        index["number_of_replicas"] = settings.index_replicas
    return mapping | {"settings": mapping.get("settings", {}) | {"index": index}}


def _set_live(client: OpenSearch, name: str, key: str, value: int | str) -> None:
    """An index setting that can change on a live index, written only when it differs."""
    with translated(f"{key} of {name}"):
        current = client.indices.get_settings(index=name, name=f"index.{key}", include_defaults=True)
        held = current[name].get("settings", {}).get("index", {}).get(key)
        if held is None:
            held = current[name].get("defaults", {}).get("index", {}).get(key)
        if str(held) != str(value):
            client.indices.put_settings(index=name, body={"index": {key: value}})


def ping(client: OpenSearch) -> None:
    """The cluster answers (any health colour: a yellow single node serves)."""
    with translated("cluster health"):
        client.cluster.health()


def index_stats(client: OpenSearch, alias: str) -> IndexStats:
    """Documents (refreshed, primaries) and bytes on disk of the indices behind ``alias``."""
    with translated(f"stats of {alias}"):
        response = client.indices.stats(index=alias, metric="docs,store")
    total = response["_all"]["primaries"]
    return IndexStats(documents=int(total["docs"]["count"]), size_bytes=int(total["store"]["size_in_bytes"]))


def _carry_entity(doc: dict[str, Any]) -> dict[str, Any]:
    # An entity of an older version: its name becomes its first alias.  Its other forms, and a person's
    # name as compared (his identity across cables), come when it is extracted again.
    return doc | {"aliases": doc.get("aliases") or [doc["name"]]}


def _ensure(client: OpenSearch, alias: str, name: str, mapping: dict[str, Any],
            carry: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
    """With ``carry``, an alias naming an older version moves to the new index once the older documents
    are copied through ``carry``; without, the new index joins the alias."""
    _create(client, name, mapping)
    with translated(f"alias {alias}"):
        if client.indices.exists_alias(name=alias, index=name):
            return
    older = [index for index in _aliased(client, alias) if index != name]
    if carry is None or not older:
        with translated(f"alias {alias}"):
            client.indices.put_alias(index=name, name=alias)
        return
    # Copy first, so readers of the alias never see an empty index.
    for index in older:
        _copy(client, index, name, carry)
    _swap(client, alias, older, name)


def _create(client: OpenSearch, name: str, mapping: dict[str, Any]) -> None:
    try:
        with translated(f"create index {name}"):
            if not client.indices.exists(index=name):
                client.indices.create(index=name, body=mapping)
    except SearchRejected as err:
        if err.error != "resource_already_exists_exception":  # another process created it first: fine
            raise


def _swap(client: OpenSearch, alias: str, older: list[str], name: str) -> None:
    """One atomic swap of the alias: readers see the old index or the new one, never both."""
    actions = [{"remove": {"index": index, "alias": alias}} for index in older]
    try:
        with translated(f"move alias {alias}"):
            client.indices.update_aliases(body={"actions": [*actions, {"add": {"index": name, "alias": alias}}]})
    except SearchRejected as err:
        if err.status != 404:
            raise
        with translated(f"alias {alias}"):  # another process moved it first
            if client.indices.exists_alias(name=alias, index=name):
                return
        raise


def _aliased(client: OpenSearch, alias: str) -> list[str]:
    try:
        with translated(f"alias {alias}"):
            return list(client.indices.get_alias(name=alias))
    except SearchRejected as err:
        if err.status == 404:  # no index carries the alias yet
            return []
        raise


def _copy(client: OpenSearch, source: str, dest: str, carry: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Every document of ``source`` into ``dest`` through ``carry``, without the reindex module (the
    local OpenSearch has none).  ``create``: a document the new version already wrote is kept (409)."""
    items = send_actions(client, _copies(client, source, dest, carry), f"copy {source} to {dest}",
                         chunk_size=_COPY_BATCH)
    refused = [item for item in items if item["status"] >= 300 and item["status"] != 409]
    if refused:  # our own documents: a refusal is a mapping bug, said loudly rather than lost quietly
        log.error("documents not carried to the new index", source=source, dest=dest, count=len(refused),
                  first_id=refused[0].get("_id"), reason=item_reason(refused[0]))
    with translated(f"refresh {dest}"):
        client.indices.refresh(index=dest)


def _copies(client: OpenSearch, source: str, dest: str, carry: Callable[[dict[str, Any]], dict[str, Any]]
            ) -> Iterator[dict[str, Any]]:
    with translated(f"read {source}"):
        for hit in scan(client, index=source, query={"query": {"match_all": {}}}, size=_COPY_BATCH):
            yield {"_op_type": "create", "_index": dest, "_id": hit["_id"], "_source": carry(hit["_source"])}
