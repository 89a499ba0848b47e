"""The OpenSearch client and the idempotent creation of the versioned index behind its alias."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import RequestError, TransportError

from cablestream.errors import InfrastructureError
from cablestream.settings import Settings

MAPPINGS_DIR = Path(__file__).resolve().parents[3] / "deploy" / "opensearch"


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
            load_mapping(settings.entities_version, "entities"))


def _ensure(client: OpenSearch, alias: str, name: str, mapping: dict[str, Any]) -> None:
    try:
        if not client.indices.exists(index=name):
            try:
                client.indices.create(index=name, body=mapping)
            except RequestError as err:
                if "resource_already_exists_exception" not in str(err):
                    raise
        if not client.indices.exists_alias(name=alias, index=name):
            client.indices.put_alias(index=name, name=alias)
    except (OSConnectionError, TransportError) as err:
        raise SearchUnavailable(f"ensure index {name}: {err}") from err
