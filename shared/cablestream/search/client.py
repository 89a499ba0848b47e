"""The OpenSearch client and the idempotent creation of the versioned index behind its alias."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import NotFoundError, RequestError, TransportError
from opensearchpy.helpers import scan

from cablestream.errors import InfrastructureError
from cablestream.settings import Settings

MAPPINGS_DIR = Path(__file__).resolve().parents[3] / "deploy" / "opensearch"
_COPY_BATCH = 500


class SearchUnavailable(InfrastructureError):
    """OpenSearch failed or could not be reached."""


def make_client(settings: Settings) -> OpenSearch:
    # retry_on_timeout off: the task layer owns retries, with backoff and a cap.
    return OpenSearch(hosts=[settings.opensearch_url], timeout=30, max_retries=2, retry_on_timeout=False,
                      http_compress=False)


def load_mapping(version: int, kind: str = "cables") -> dict[str, Any]:
    """The index definition kept in ``deploy/opensearch/<kind>-v<N>.json``."""
    mapping: dict[str, Any] = json.loads((MAPPINGS_DIR / f"{kind}-v{version}.json").read_text())
    return mapping


def ensure_index(client: OpenSearch, settings: Settings) -> None:
    """Create the cables and entities indices behind their aliases, unless already so.  Safe to race."""
    _ensure(client, settings.index_alias, settings.index_name, load_mapping(settings.index_version))
    _ensure(client, settings.entities_alias, settings.entities_index,
            load_mapping(settings.entities_version, "entities"), carry=_carry_entity)


def _carry_entity(doc: dict[str, Any]) -> dict[str, Any]:
    # An entity of an older version: its name becomes its first alias.  Its other forms, and a person's
    # name as compared (his identity across cables), come when it is extracted again.
    return doc | {"aliases": doc.get("aliases") or [doc["name"]]}


def _ensure(client: OpenSearch, alias: str, name: str, mapping: dict[str, Any],
            carry: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
    """With ``carry``, an alias naming an older version moves to the new index once the older documents
    are copied through ``carry``; without, the new index joins the alias."""
    try:
        if not client.indices.exists(index=name):
            try:
                client.indices.create(index=name, body=mapping)
            except RequestError as err:
                if "resource_already_exists_exception" not in str(err):
                    raise
        if client.indices.exists_alias(name=alias, index=name):
            return
        older = [index for index in _aliased(client, alias) if index != name]
        if carry is None or not older:
            client.indices.put_alias(index=name, name=alias)
            return
        # Copy first, so readers of the alias never see an empty index.
        for index in older:
            _copy(client, index, name, carry)
        actions = [{"remove": {"index": index, "alias": alias}} for index in older]
        try:  # one atomic swap: readers see the old index or the new one, never both
            client.indices.update_aliases(body={"actions": [*actions, {"add": {"index": name, "alias": alias}}]})
        except NotFoundError:  # another process moved it first
            if not client.indices.exists_alias(name=alias, index=name):
                raise
    except (OSConnectionError, TransportError) as err:
        raise SearchUnavailable(f"ensure index {name}: {err}") from err


def _aliased(client: OpenSearch, alias: str) -> list[str]:
    try:
        return list(client.indices.get_alias(name=alias))
    except NotFoundError:
        return []


def _copy(client: OpenSearch, source: str, dest: str, carry: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Every document of ``source`` into ``dest`` through ``carry``, without the reindex module (the
    local OpenSearch has none).  ``create``: a document the new version already wrote is kept."""
    lines: list[dict[str, Any]] = []
    for hit in scan(client, index=source, query={"query": {"match_all": {}}}, size=_COPY_BATCH):
        lines += [{"create": {"_index": dest, "_id": hit["_id"]}}, carry(hit["_source"])]
        if len(lines) >= 2 * _COPY_BATCH:
            client.bulk(body=lines)
            lines = []
    if lines:
        client.bulk(body=lines)
    client.indices.refresh(index=dest)
