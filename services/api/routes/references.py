"""``/v1/cables/{id}/references`` (citations both ways) and ``/v1/cables/{id}/raw`` (original bytes)."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from cablestream.auth.guard import AUTH_ERRORS
from cablestream.http.problems import bad_param, error_responses
from cablestream.infra.storage import ObjectMissing
from cablestream.parsing.archive import archive
from cablestream.parsing.formats.limits import ContainerError
from cablestream.search.queries import SUMMARY_FIELDS
from cablestream.search.records import citing, fetch
from services.api.deps import READ, SearchDep, WiringDep
from services.api.routes.cables import ReferenceId
from services.api.schemas import CableSummary, CitedBy, CitedCable, References
from services.api.slicing import cable_slice, local_copy

router = APIRouter(prefix="/v1/cables", tags=["cables"], dependencies=[READ], responses=AUTH_ERRORS)
ERRORS = error_responses(404, 422, 502, 503)


@router.get("/{reference_id}/references", response_model=References, responses=ERRORS)
def references(reference_id: ReferenceId, search: SearchDep, wiring: WiringDep,
               size: Annotated[int, Query(ge=0, le=1000, description="most citing cables listed")] = 100
               ) -> References:
    """What this cable cites (marking which exist in the published archive, which are indexed here) and which
    cables cite it."""
    alias, rid = wiring.settings.index_alias, reference_id.upper()
    own = fetch(search, alias, [rid], ["reference_id", "references", "references_detail"]).get(rid)
    if own is None:
        raise bad_param(404, "reference_id", f"no cable {reference_id!r}")
    cited = list(own.get("references") or [])
    details = {d["id"]: d for d in reversed(own.get("references_detail") or []) if d.get("id")}  # first wins
    present = fetch(search, alias, cited, ["reference_id", "subject", "created"])
    universe = archive()
    cites = [CitedCable(reference_id=c, label=details.get(c, {}).get("label"), in_archive=universe.exists(c),
                        indexed=c in present, resolution=details.get(c, {}).get("resolution"),
                        subject=present.get(c, {}).get("subject"), created=present.get(c, {}).get("created"))
             for c in cited]
    total, sources = citing(search, alias, rid, size, SUMMARY_FIELDS)
    return References(reference_id=rid, cites=cites,
                      cited_by=CitedBy(total=total, items=[CableSummary(**s) for s in sources]))


@router.get("/{reference_id}/raw", response_class=Response, responses={
    **ERRORS, 200: {"description": "the cable's original bytes (its own member or row where the file held many)",
                    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                    "headers": {"X-Content-SHA256": {"description": "sha256 of the bytes sent",
                                                     "schema": {"type": "string"}},
                                "X-Source-SHA256": {"description": "sha256 of the stored file (raw/<sha256>)",
                                                    "schema": {"type": "string"}}}}})
def raw(reference_id: ReferenceId, search: SearchDep, wiring: WiringDep) -> Response:
    """The cable's original bytes: the stored file, or its own member or row.  Members are opened within
    the parser's limits; a stored archive that crosses them (an archive bomb) is a 422."""
    rid = reference_id.upper()
    own = fetch(search, wiring.settings.index_alias, [rid], ["source"]).get(rid)
    source = (own or {}).get("source") or {}
    if own is None or not source.get("sha256"):
        raise bad_param(404, "reference_id", f"no stored file for cable {reference_id!r}")
    sha256, name = source["sha256"], source.get("name")
    with local_copy(wiring.store, sha256) as copy:
        if copy is None:
            raise bad_param(404, "reference_id", f"the file of {reference_id!r} is no longer stored")
        try:
            part = cable_slice(copy, name, rid)
        except ContainerError as err:  # the parser's limits (an archive bomb, too deep) or a damaged archive
            raise bad_param(422, "reference_id", f"the stored file of {reference_id!r} cannot be opened within "
                                                 f"the parser's limits: {err}") from None
    headers = {"X-Source-SHA256": sha256, "X-Source-Part": part.part,
               "Content-Disposition": f'inline; filename="{rid}{_suffix(name)}"'}
    if part.data is None:  # the whole stored file, too large to hold: sent from storage as it comes
        try:
            chunks = wiring.store.stream_file(sha256)
        except ObjectMissing:
            raise bad_param(404, "reference_id", f"the file of {reference_id!r} is no longer stored") from None
        headers["X-Content-SHA256"] = sha256  # stored by the hash of its bytes
        return StreamingResponse(chunks, media_type="application/octet-stream", headers=headers)
    headers["X-Content-SHA256"] = hashlib.sha256(part.data).hexdigest()
    return Response(part.data, media_type="application/octet-stream", headers=headers)


def _suffix(name: str | None) -> str:
    suffix = (name or "").rsplit(".", 1)[-1].lower() if name and "." in name else ""
    return f".{suffix}" if suffix in {"txt", "html", "htm", "csv"} else ""
