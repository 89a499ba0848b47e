"""Entities survive a re-parse when nothing extraction reads has changed.

Re-uploading a file, or the same cable inside another container, stores the record again.  Without
this, the new record would replace one that has entities, the index would lose them until the
extract stage ran the model again, and the model would be run for nothing.  So the extract stage
remembers, per reference id, a digest of its input (the record less its source and its entities);
the parse stage asks for the ids of a batch in one round trip and, where the digest still matches,
copies the entities over from the stored record before storing the new one.
"""

from __future__ import annotations

import redis

from cablestream.record import Cable
from cablestream.state.changes import record_digest

KEY = "cs:extracted"  # reference id -> "<input digest>|<extractor version>"
# Neither where a cable came from nor its previous entities change what extraction finds.
_NOT_INPUT = {"source", "entities", "extractor_version"}


def input_digest(cable: Cable) -> str:
    return record_digest({k: v for k, v in cable.to_json_dict().items() if k not in _NOT_INPUT})


def is_current(cable: Cable, extractor_version: str) -> bool:
    """True when the cable already carries entities of this extractor version."""
    return cable.entities is not None and cable.extractor_version == extractor_version


class ExtractedDigests:
    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def remember(self, cables: list[Cable]) -> None:
        entries = {c.reference_id: f"{input_digest(c)}|{c.extractor_version}" for c in cables
                   if c.entities is not None}
        if entries:
            self.r.hset(KEY, mapping=entries)  # type: ignore[arg-type]

    def unchanged(self, cables: list[Cable]) -> dict[str, str]:
        """Reference id -> extractor version, for the cables whose extraction input is as last extracted."""
        if not cables:
            return {}
        stored = self.r.hmget(KEY, [c.reference_id for c in cables])
        found: dict[str, str] = {}
        for cable, value in zip(cables, stored, strict=True):
            if value is None:
                continue
            digest, _, version = str(value).partition("|")
            if digest == input_digest(cable):
                found[cable.reference_id] = version
        return found
