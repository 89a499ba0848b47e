"""Shards and replicas of a new index come from the settings, else from the mapping."""

from __future__ import annotations

from cablestream.search.client import load_mapping, sized
from cablestream.settings import Settings


def test_the_mapping_keeps_its_own_unless_the_settings_say() -> None:
    mapping = load_mapping(1)
    assert sized(mapping, Settings()) == mapping
    index = sized(mapping, Settings(index_shards=3, index_replicas=1))["settings"]["index"]
    assert (index["number_of_shards"], index["number_of_replicas"]) == (3, 1)
    assert index["refresh_interval"] == mapping["settings"]["index"]["refresh_interval"]
    assert mapping["settings"]["index"]["number_of_replicas"] == 0  # the original is not changed
