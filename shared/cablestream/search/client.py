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


def load_mapping(version: int) -> dict[str, Any]:
    """The index definition kept in ``deploy/opensearch/cables-v<N>.json``."""
    mapping: dict[str, Any] = json.loads((MAPPINGS_DIR / f"cables-v{version}.json").read_text())
    return mapping


def ensure_index(client: OpenSearch, settings: Settings) -> None:
    """Create ``<alias>-v<N>`` and point the alias at it, unless that is already so.  Safe to race."""
    try:
        if not client.indices.exists(index=settings.index_name):
            try:
                client.indices.create(index=settings.index_name, body=load_mapping(settings.index_version))
            except RequestError as err:
                if "resource_already_exists_exception" not in str(err):
                    raise
        if not client.indices.exists_alias(name=settings.index_alias, index=settings.index_name):
            client.indices.put_alias(index=settings.index_name, name=settings.index_alias)
    except (OSConnectionError, TransportError) as err:
        raise SearchUnavailable(f"ensure index {settings.index_name}: {err}") from err
