"""The hand-annotated entity set: which cables, and the fixed tune/test split.

The split is a hash of the reference id, fixed before any rule was tuned on the set (see
``docs/entities.md``).  The 15 cables annotated before the split existed were tuned on already, so they
stay in the tune split whatever their hash says: scoring them as test cables would flatter.
"""

from __future__ import annotations

import hashlib

SPLIT_SALT = b"cablestream-entities-split-v1:"
LEGACY_TUNED = frozenset({
    "03THEHAGUE2113", "04MADRID4374", "06TUNIS2570", "07KINSHASA282", "07MUSCAT359", "08KUWAIT560",
    "08RIYADH1134", "09ASHGABAT218", "09ASTANA1145", "09ASTANA497", "09DOHA644", "09MOSCOW2747",
    "10LONDON131", "66BUENOSAIRES2481", "79TEHRAN8980",
})


def split_of(reference_id: str) -> str:
    """``test`` for about half of all ids, by the first byte of a salted sha256; ``tune`` for the rest."""
    if reference_id in LEGACY_TUNED:
        return "tune"
    return "test" if hashlib.sha256(SPLIT_SALT + reference_id.encode()).digest()[0] < 128 else "tune"
