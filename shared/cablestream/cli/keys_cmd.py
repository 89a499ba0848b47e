"""``cablestream keys create|list|revoke``: API keys (scopes ingest, read, admin), stored hashed in Redis."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from cablestream.auth.keys import SCOPES, KeyStore, UnknownScope
from cablestream.infra.wiring import Wiring
from cablestream.settings import Settings

DEV_KEY_FILE = Path(".cablestream") / "dev-key"
app = typer.Typer(no_args_is_help=True, help="API keys: create, list, revoke.")


def _store() -> KeyStore:
    return KeyStore(Wiring(Settings()).redis)


@app.command("create")
def create(
    name: Annotated[str, typer.Option(help="who or what uses the key")] = "key",
    scope: Annotated[list[str] | None, typer.Option(help=f"repeat for several: {', '.join(SCOPES)}")] = None,
    dev: Annotated[bool, typer.Option(help=f"development key with every scope, kept in {DEV_KEY_FILE} "
                                           "and reused while valid")] = False,
) -> None:
    """Create a key and print it (the only time it is shown)."""
    store = _store()
    if dev:
        if DEV_KEY_FILE.exists():
            token = DEV_KEY_FILE.read_text().strip()
            if store.verify(token) is not None:
                typer.echo(token)
                return
        _, token = store.create("development", list(SCOPES))
        DEV_KEY_FILE.parent.mkdir(exist_ok=True)
        DEV_KEY_FILE.write_text(token + "\n")
        os.chmod(DEV_KEY_FILE, 0o600)
        typer.echo(token)
        return
    try:
        key, token = store.create(name, scope or ["read"])
    except UnknownScope as err:
        raise typer.BadParameter(str(err), param_hint="--scope") from None
    typer.echo(f"id {key.id}  scopes {','.join(key.scopes)}", err=True)
    typer.echo(token)


@app.command("list")
def list_keys() -> None:
    """Every key: id, name, scopes, revoked or not (never the key itself)."""
    for key in _store().list():
        state = "revoked" if key.revoked else "active"
        typer.echo(f"{key.id}  {state:8} {','.join(key.scopes):20} {key.name}")


@app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="the id shown by `keys list`")]) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    if not _store().revoke(key_id):
        typer.echo(f"no key {key_id!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {key_id}")


def default_key() -> str | None:
    """The development key of ``make run``, when the CLI runs from the repository without --key."""
    return DEV_KEY_FILE.read_text().strip() if DEV_KEY_FILE.exists() else None
