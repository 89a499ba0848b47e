"""``cablestream setup``: create the bucket and the index behind its alias (idempotent)."""

from __future__ import annotations

import typer

from cablestream.settings import Settings
from cablestream.wiring import Wiring


def setup() -> None:
    """Create the storage bucket and the versioned search index with its alias, if missing."""
    settings = Settings()
    Wiring(settings).setup()
    typer.echo(f"bucket {settings.bucket!r} and index {settings.index_name!r} (alias {settings.index_alias!r}) ready")
