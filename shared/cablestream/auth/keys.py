"""API keys: random tokens shown once, stored only as their sha256, each with a set of scopes.

Why sha256 and not a slow password hash (bcrypt, argon2): a key is 32 random bytes, not a
human-chosen password, so there is nothing to guess from a leaked hash and no dictionary to slow
down; a fast hash lets every request be checked with one Redis lookup by hash.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import asdict, dataclass, field
from typing import Literal, cast, get_args

import redis

Scope = Literal["ingest", "read", "admin"]
SCOPES: tuple[Scope, ...] = get_args(Scope)
PREFIX = "cs:apikey"
TOKEN_PREFIX = "csk_"  # recognisable in logs and by secret scanners


class UnknownScope(ValueError):
    """A scope name that is not one of ``SCOPES``."""


@dataclass
class ApiKey:
    id: str
    name: str
    scopes: list[str]
    created_at: float = field(default_factory=time.time)
    revoked: bool = False

    def allows(self, scope: Scope) -> bool:
        return not self.revoked and scope in self.scopes


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def check_scopes(scopes: list[str]) -> list[Scope]:
    bad = [s for s in scopes if s not in SCOPES]
    if bad or not scopes:
        raise UnknownScope(f"unknown scope(s) {bad}; choose from {list(SCOPES)}")
    return [s for s in SCOPES if s in scopes]


class KeyStore:
    """``cs:apikey:<hash>`` -> key metadata; ``cs:apikeys`` maps key id -> hash for listing and revoking."""

    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def create(self, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
        """A new key; the token is returned once and never stored."""
        token = new_token()
        digest = hash_token(token)
        key = ApiKey(id=digest[:12], name=name, scopes=list(check_scopes(scopes)))
        pipe = self.r.pipeline()
        pipe.set(f"{PREFIX}:{digest}", json.dumps(asdict(key)))
        pipe.hset(f"{PREFIX}s", key.id, digest)
        pipe.execute()
        return key, token

    def verify(self, token: str) -> ApiKey | None:
        """The key this token is, or None when unknown or revoked."""
        raw = self.r.get(f"{PREFIX}:{hash_token(token)}")
        if raw is None:
            return None
        key = ApiKey(**json.loads(raw))
        return None if key.revoked else key

    def list(self) -> list[ApiKey]:
        digests: list[str] = self.r.hvals(f"{PREFIX}s")  # type: ignore[assignment]
        raws = self.r.mget([f"{PREFIX}:{d}" for d in digests]) if digests else []
        keys = [ApiKey(**json.loads(raw)) for raw in raws if raw is not None]
        return sorted(keys, key=lambda k: k.created_at)

    def revoke(self, key_id: str) -> bool:
        """Revoke by id (kept, marked revoked, for the audit trail); False when there is no such key."""
        digest = cast(str | None, self.r.hget(f"{PREFIX}s", key_id))
        raw = self.r.get(f"{PREFIX}:{digest}") if digest is not None else None
        if raw is None:
            return False
        key = ApiKey(**json.loads(raw))
        key.revoked = True
        self.r.set(f"{PREFIX}:{digest}", json.dumps(asdict(key)))
        return True

