"""The change feed: a Redis stream ``cs:changes`` of (reference id, content digest), in commit order.

Stages append after their write is durable (the index stage after a successful bulk), so an entry
never points at a change a reader cannot see yet.  Appends are deduplicated by content: a task that
runs twice (at-least-once delivery) appends a cable only when its record differs from the last
one appended, so a consumer sees each change once.  The cursor is the stream id, opaque-encoded;
reads are exclusive of it, so resuming from the last cursor processed neither skips nor repeats.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import redis
import redis.asyncio

from cablestream.errors import CablestreamError, InfrastructureError

STREAM = "cs:changes"
LAST = "cs:changes:last"  # reference id -> digest of the last record appended
# Approximate trim: about a million changes, several times the whole archive, stays readable.
MAXLEN = 1_000_000
_STREAM_ID = re.compile(r"^\d{1,20}-\d{1,20}$")

# Atomic per cable: compare with the last digest, append, remember.  No other writer can interleave.
_APPEND = """
local n = 0
for i = 3, #ARGV, 2 do
  local rid, digest = ARGV[i], ARGV[i + 1]
  local last = redis.call('HGET', KEYS[2], rid)
  if last ~= digest then
    local op = 'updated'
    if not last then op = 'created' end
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'id', rid, 'op', op, 'digest', digest,
               'stage', ARGV[2])
    redis.call('HSET', KEYS[2], rid, digest)
    n = n + 1
  end
end
return n
"""


class ChangeFeedUnavailable(InfrastructureError):
    """Redis failed while appending to or reading the feed."""


class BadChangeCursor(CablestreamError):
    """The cursor was not issued by this feed."""


class CursorGone(CablestreamError):
    """Changes after the cursor were trimmed from the feed: the consumer must resynchronise."""


@dataclass(frozen=True)
class Change:
    cursor: str
    reference_id: str
    op: str  # created | updated
    digest: str
    stage: str
    at_ms: int  # when appended (the stream id's clock)


def record_digest(record: Mapping[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(record, option=orjson.OPT_SORT_KEYS)).hexdigest()[:24]


def encode_cursor(stream_id: str) -> str:
    return base64.urlsafe_b64encode(f"cs1:{stream_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as err:
        raise BadChangeCursor("not a change cursor issued by this API") from err
    prefix, _, stream_id = text.partition(":")
    if prefix != "cs1" or not _STREAM_ID.match(stream_id):
        raise BadChangeCursor("not a change cursor issued by this API")
    return stream_id


class ChangeFeed:
    def __init__(self, client: redis.Redis) -> None:
        self.r = client

    def append(self, stage: str, records: Iterable[Mapping[str, Any]]) -> int:
        """Append the records whose content changed; returns how many were appended."""
        args: list[str] = [str(MAXLEN), stage]
        for record in records:
            args += [str(record["reference_id"]), record_digest(record)]
        if len(args) == 2:
            return 0
        try:
            return int(self.r.eval(_APPEND, 2, STREAM, LAST, *args))
        except redis.RedisError as err:
            raise ChangeFeedUnavailable(f"append changes: {err}") from err

    def read(self, after: str | None, limit: int = 100) -> list[Change]:
        """Changes strictly after the stream id ``after`` (None: from the oldest kept)."""
        try:
            if after is not None:
                self._check_not_trimmed(after)
            entries: Any = self.r.xrange(STREAM, min=f"({after}" if after else "-", max="+", count=limit)
        except redis.RedisError as err:
            raise ChangeFeedUnavailable(f"read changes: {err}") from err
        return [_change(eid, fields) for eid, fields in entries]

    def wait(self, after: str, limit: int, block_ms: int) -> list[Change]:
        """Like ``read`` (without the trim check, done once by the caller's first ``read``), but waits up to
        ``block_ms`` for the first new change."""
        try:
            result: Any = self.r.xread({STREAM: after}, count=limit, block=block_ms)
        except redis.RedisError as err:
            raise ChangeFeedUnavailable(f"wait for changes: {err}") from err
        return [_change(eid, fields) for _, entries in result or [] for eid, fields in entries]

    @staticmethod
    async def wait_async(client: redis.asyncio.Redis, after: str, limit: int, block_ms: int) -> list[Change]:
        """``wait`` on an asyncio client: a long-lived stream blocks in Redis, not in a worker thread."""
        try:
            result: Any = await client.xread({STREAM: after}, count=limit, block=block_ms)
        except redis.RedisError as err:
            raise ChangeFeedUnavailable(f"wait for changes: {err}") from err
        return [_change(eid, fields) for _, entries in result or [] for eid, fields in entries]

    def latest(self) -> str:
        """The stream id of the newest change ("0-0" when none): a cursor for "from now on"."""
        try:
            entries: Any = self.r.xrevrange(STREAM, count=1)
        except redis.RedisError as err:
            raise ChangeFeedUnavailable(f"read changes: {err}") from err
        return str(entries[0][0]) if entries else "0-0"

    def _check_not_trimmed(self, after: str) -> None:
        # Trimming drops whole blocks of the oldest entries.  If the feed was ever trimmed and the
        # cursor is older than the oldest entry kept, changes after it may be lost: say so (410)
        # rather than skip them silently.  Conservative by at most one trimmed block.
        if not self.r.exists(STREAM):
            return
        info: Any = self.r.xinfo_stream(STREAM)
        first = info.get("first-entry")
        if first and int(info.get("entries-added", 0)) > int(info["length"]) and _sid(after) < _sid(str(first[0])):
            raise CursorGone("the feed no longer holds the changes after this cursor; resynchronise with export")


def _change(stream_id: str, f: Mapping[str, str]) -> Change:
    return Change(cursor=encode_cursor(stream_id), reference_id=f["id"], op=f["op"], digest=f["digest"],
                  stage=f.get("stage", ""), at_ms=int(stream_id.split("-")[0]))


def _sid(stream_id: str) -> tuple[int, int]:
    ms, _, seq = stream_id.partition("-")
    return int(ms), int(seq or 0)

