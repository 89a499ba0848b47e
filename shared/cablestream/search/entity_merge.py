"""Merging an entity document into the one stored (pure): what ``bulk_upsert_entities`` writes.

Each cable knows only the forms it wrote, so ``aliases`` (and their folded ``alias_keys``) are a union
with what earlier cables wrote; ``source`` keeps ``rule`` once a rule found the entity; every other
field takes the newer value.  No server-side script: the
local OpenSearch has no scripting module, so the merge runs here, guarded by optimistic concurrency.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Enough for every spelling, case and typo of a name; a bound, so a runaway extractor bug cannot grow
# a document without end.
MAX_ALIASES = 100
UNIONED = ("aliases", "alias_keys")


def merge(stored: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    old = stored or {}
    out = dict(old) | {k: v for k, v in new.items() if k not in UNIONED}
    if old.get("source") == "rule":  # found by a rule once, by a rule it stays: no write back and forth
        out["source"] = "rule"
    for field in UNIONED:
        values = list(old.get(field) or [])
        for value in new.get(field) or []:
            if value not in values and len(values) < MAX_ALIASES:
                values.append(value)
        out[field] = values
    return out
