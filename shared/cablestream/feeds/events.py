"""MinIO bucket events as its Redis target writes them, and how they are routed to each bucket's feed.

MinIO RPUSHes one item per event onto a single key (``access`` format: ``[{"Event": [record], "EventTime":
...}]``, S3 record shape, object keys URL-encoded) for every bucket that notifies it.  Feeds of several
buckets, and of several namespaces (a dev system, test sessions), share that key, so each item is moved,
by one atomic script, into a list of its bucket; a bucket's feed then moves its items one at a time into
its own *processing* list and removes each only once it is ingested, so a killed feed loses nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote_plus

UNROUTABLE = "_unroutable"

# KEYS[1]: the list items wait in; ARGV[1]: prefix of per-bucket lists; ARGV[2]: most items per call.
# Atomic, so an item is always in exactly one list.  (Keys built inside a script: standalone Redis only.)
ROUTE_SCRIPT = """
local moved = 0
for _ = 1, tonumber(ARGV[2]) do
  local item = redis.call('LPOP', KEYS[1])
  if not item then break end
  local bucket = nil
  local ok, decoded = pcall(cjson.decode, item)
  if ok and type(decoded) == 'table' and type(decoded[1]) == 'table' and type(decoded[1]['Event']) == 'table' then
    local record = decoded[1]['Event'][1]
    if type(record) == 'table' and type(record['s3']) == 'table' and type(record['s3']['bucket']) == 'table' then
      bucket = record['s3']['bucket']['name']
    end
  end
  if type(bucket) ~= 'string' then bucket = '""" + UNROUTABLE + """' end
  redis.call('RPUSH', ARGV[1] .. bucket, item)
  moved = moved + 1
end
return moved
"""


@dataclass(frozen=True, slots=True)
class ObjectRef:
    bucket: str
    key: str
    size: int
    etag: str


@dataclass(frozen=True, slots=True)
class EventKeys:
    """Where a bucket's events wait, in MinIO's notification database."""

    events: str  # the key MinIO pushes to
    bucket: str

    @property
    def routing(self) -> str:
        return f"{self.events}:routing"

    @property
    def prefix(self) -> str:
        return f"{self.events}:bucket:"

    @property
    def waiting(self) -> str:
        return f"{self.prefix}{self.bucket}"

    @property
    def processing(self) -> str:
        return f"{self.prefix}{self.bucket}:processing"

    @property
    def dead(self) -> str:
        """Events whose handling failed on something other than a server being down, kept for a look."""
        return f"{self.prefix}{self.bucket}:dead"


def created_objects(item: bytes | str) -> list[ObjectRef]:
    """The objects an event item says were created; anything else (removals, junk) yields nothing."""
    try:
        entries = json.loads(item)
        records = [r for entry in entries for r in entry.get("Event") or []]
    except (ValueError, TypeError, AttributeError):
        return []
    out = []
    for record in records:
        try:
            if not str(record["eventName"]).startswith("s3:ObjectCreated:"):
                continue
            s3 = record["s3"]
            out.append(ObjectRef(bucket=s3["bucket"]["name"], key=unquote_plus(s3["object"]["key"]),
                                 size=int(s3["object"].get("size", 0)), etag=str(s3["object"].get("eTag", ""))))
        except (KeyError, TypeError, ValueError):
            continue
    return out
