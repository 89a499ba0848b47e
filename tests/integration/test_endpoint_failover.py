"""Several endpoints: the object store and the OpenSearch client go on when the one they use is gone.

The dead endpoint is a free port on loopback (connection refused), the live one the local server.
"""

from __future__ import annotations

import uuid

import pytest

from cablestream.infra.storage import ObjectStore, StorageError
from cablestream.infra.wiring import Wiring
from cablestream.search.client import ensure_index, make_client
from cablestream.settings import Settings
from devtools.localsystem import free_port


def test_the_object_store_moves_to_the_next_endpoint_and_stays(wiring: Wiring) -> None:
    live = wiring.settings.s3_endpoint
    dead = f"127.0.0.1:{free_port()}"
    for order in ([dead, live], [live, dead]):  # whichever the process starts on
        store = ObjectStore(wiring.settings.model_copy(update={"s3_endpoint": order[0],
                                                               "s3_failover_endpoints": order[1]}))
        key = f"records/failover-{uuid.uuid4().hex}.json"
        store.put_bytes(key, b"{}")
        assert store.load_bytes(key) == b"{}"
        assert store.exists(key)
        assert store.endpoint == live


def test_a_set_with_no_live_endpoint_is_a_storage_error(test_settings: Settings) -> None:
    dead = [f"127.0.0.1:{free_port()}" for _ in range(2)]
    store = ObjectStore(test_settings.model_copy(update={"s3_endpoint": dead[0], "s3_failover_endpoints": dead[1]}))
    with pytest.raises(StorageError):
        store.ping()


def test_opensearch_requests_go_round_a_dead_node(wiring: Wiring) -> None:
    url = f"http://127.0.0.1:{free_port()},{wiring.settings.opensearch_url}"
    client = make_client(wiring.settings.model_copy(update={"opensearch_url": url}))
    for _ in range(6):  # round-robin: some of these are sent to the dead node first
        assert client.cluster.health()["status"] in {"green", "yellow"}


def test_shards_replicas_and_refresh_interval_come_from_the_settings(wiring: Wiring) -> None:
    ns = f"cstest-sized-{uuid.uuid4().hex[:8]}"
    settings = wiring.settings.model_copy(update={"index_alias": f"{ns}-cables", "entities_alias": f"{ns}-entities",
                                                  "index_shards": 2, "index_replicas": 0})
    client = make_client(settings)
    try:
        ensure_index(client, settings)
        index = client.indices.get_settings(index=settings.index_name)[settings.index_name]["settings"]["index"]
        assert (index["number_of_shards"], index["number_of_replicas"]) == ("2", "0")
        # Replicas change on a live index; a single node leaves the new replica unassigned (yellow).
        ensure_index(client, settings.model_copy(update={"index_replicas": 1}))
        index = client.indices.get_settings(index=settings.index_name)[settings.index_name]["settings"]["index"]
        assert index["number_of_replicas"] == "1"
        assert index["refresh_interval"] == settings.index_refresh_interval
        # So does the refresh interval (the mapping's own is "1s"; the settings' applies).
        ensure_index(client, settings.model_copy(update={"index_refresh_interval": "7s"}))
        index = client.indices.get_settings(index=settings.index_name)[settings.index_name]["settings"]["index"]
        assert index["refresh_interval"] == "7s"
    finally:
        client.indices.delete(index=f"{ns}-*", params={"ignore_unavailable": "true"})
