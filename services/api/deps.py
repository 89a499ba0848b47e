"""Dependencies of the read API, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from opensearchpy import OpenSearch

from cablestream.auth.guard import require
from cablestream.auth.keys import ApiKey
from cablestream.infra.wiring import Wiring
from cablestream.state.changes import ChangeFeed


# Dependencies that do not block are ``async``: FastAPI runs a plain ``def`` dependency in its thread pool,
# a round trip through the event loop per dependency and per request for a mere attribute read.
async def get_wiring(request: Request) -> Wiring:
    wiring: Wiring = request.app.state.wiring
    return wiring


async def get_search(wiring: Annotated[Wiring, Depends(get_wiring)]) -> OpenSearch:
    return wiring.search


async def get_changes(wiring: Annotated[Wiring, Depends(get_wiring)]) -> ChangeFeed:
    return ChangeFeed(wiring.redis)


WiringDep = Annotated[Wiring, Depends(get_wiring)]
SearchDep = Annotated[OpenSearch, Depends(get_search)]
ChangesDep = Annotated[ChangeFeed, Depends(get_changes)]
# Routers take these as ``dependencies=[...]``; a route that needs the key itself can take the alias.
ReadKey = Annotated[ApiKey, Depends(require("read"))]
AdminKey = Annotated[ApiKey, Depends(require("admin"))]
READ = Depends(require("read"))
ADMIN = Depends(require("admin"))
