"""The FastAPI dependency both services use: ``Authorization: Bearer <key>`` with a required scope.

Missing or unknown key -> 401, known key without the scope -> 403, both as problem details.
``HTTPBearer`` puts the scheme in the OpenAPI document, so /docs and schema-driven clients know it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from cablestream.auth.keys import ApiKey, KeyStore, Scope
from cablestream.http.problems import bad_param, error_responses

bearer = HTTPBearer(auto_error=False, description="an API key: `Authorization: Bearer csk_...`")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


AUTH_ERRORS = error_responses(401, 403)


def require(scope: Scope) -> Callable[[Request, Credentials], ApiKey]:
    """A dependency that admits requests whose key carries ``scope``; returns the key."""

    def check(request: Request, credentials: Credentials) -> ApiKey:
        return verify(request, credentials.credentials if credentials else None, scope)

    return check


def admit_before_body(scope: Scope) -> Callable[[Request], None]:
    """The same check, for a route class to run before the body is read (see ``http.limits``): an
    upload without a valid key is refused before a byte of it is spooled to disk."""

    def check(request: Request) -> None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        verify(request, token.strip() if scheme.lower() == "bearer" else None, scope)

    return check


def verify(request: Request, token: str | None, scope: Scope) -> ApiKey:
    if not token:
        raise bad_param(401, "Authorization", "an API key is required: Authorization: Bearer <key>")
    key = KeyStore(request.app.state.wiring.redis).verify(token)
    if key is None:
        raise bad_param(401, "Authorization", "the API key is unknown or revoked")
    if not key.allows(scope):
        raise bad_param(403, "Authorization", f"the API key lacks the {scope!r} scope")
    return key
