"""Small raw files stashed in Redis by the entrance that stored them, for the parse stage to read there.

Object storage is the record of every file, and it is written first; the stash is a copy kept only
until the file is parsed.  A small file costs object storage about as much CPU per read as per write
(~1.5 ms between the server and the client, measured here), so reading a feed's files back from it
was a fifth of a file's whole cost.  The stash is bounded (files at most ``MAX_BYTES``, fewer than the
setting ``parse_stash_files`` at a time), so a parse stage that is down fills Redis no further; a file
not stashed, or whose stash is gone, is read from storage as before.
"""

from __future__ import annotations

import redis

KEY = "cs:stash:raw"  # sha256 -> the file's bytes
MAX_BYTES = 64 * 1024  # a file larger than this is never stashed

# Stash while fewer than ARGV[1] files are: the bound checked with the write, in one round trip.
_STASH_BELOW = """
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
return 1
"""


class RawStash:
    def __init__(self, client: redis.Redis) -> None:
        self.r = client
        self._stash = client.register_script(_STASH_BELOW)

    def put(self, sha256: str, data: bytes, below: int) -> bool:
        """Stash a stored file's bytes (within the bounds); whether it was."""
        if below <= 0 or len(data) > MAX_BYTES:
            return False
        return bool(self._stash(keys=[KEY], args=[below, sha256, data]))

    def get_many(self, sha256s: list[str]) -> dict[str, bytes]:
        """The stashed bytes of these files, in one round trip (those not stashed are left out)."""
        if not sha256s:
            return {}
        found: list[bytes | None] = self.r.hmget(KEY, sha256s)  # type: ignore[assignment]
        return {sha: data for sha, data in zip(sha256s, found, strict=True) if data is not None}

    def drop(self, sha256s: list[str]) -> None:
        """Parsed: the copies go (the same bytes sent again read storage)."""
        if sha256s:
            self.r.hdel(KEY, *sha256s)
