"""``cablestream parse PATH...``: NDJSON records on stdout (placeholder wiring; the parser issue owns it)."""

from __future__ import annotations

from pathlib import Path

import typer


def parse(paths: list[Path]) -> None:
    raise typer.Exit(2)
