"""``cablestream setup``: create the bucket and the indices behind their aliases (idempotent)."""

from __future__ import annotations

import typer

from cablestream.infra.wiring import Wiring
from cablestream.settings import Settings


def setup() -> None:
    """Create the storage bucket and the versioned cables and entities indices with their aliases, if missing
    (an entities alias on an older version moves to the new one, its documents carried over)."""
    settings = Settings()
    Wiring(settings).setup()
    typer.echo(f"bucket {settings.bucket!r}, index {settings.index_name!r} (alias {settings.index_alias!r}) and "
               f"{settings.entities_index!r} (alias {settings.entities_alias!r}) ready")
