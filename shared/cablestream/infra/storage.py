"""Object storage (MinIO / any S3) behind a small verb-noun interface keyed by content hash.

Raw files live at ``raw/<sha256>``; parsed records at ``records/<reference_id>.json``.  Storing the
same bytes twice changes nothing: ``put_file`` reports a duplicate (a small file by one conditional PUT
the server refuses when the key exists, a large one by a stat before it is sent).
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

import urllib3
from minio import Minio
from minio.commonconfig import SnowballObject
from minio.error import S3Error, ServerError

from cablestream.errors import CablestreamError, InfrastructureError
from cablestream.infra.iopool import io_map
from cablestream.settings import Settings

CHUNK = 1024 * 1024
# A file up to this size is stored by one conditional PUT (If-None-Match: *): one request instead of a
# stat and a put, which a feed of small files pays per file.  A larger one is stat'ed first, so that a
# duplicate is not sent again.
CONDITIONAL_PUT_BYTES = CHUNK
_MISSING = {"NoSuchKey", "NoSuchObject", "NoSuchBucket"}
T = TypeVar("T")


class StorageError(InfrastructureError):
    """MinIO failed or could not be reached."""


class ObjectMissing(CablestreamError):
    """The key does not exist: not transient, so never retried."""


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    size: int
    duplicate: bool

    @property
    def key(self) -> str:
        return raw_key(self.sha256)


def raw_key(sha256: str) -> str:
    return f"raw/{sha256}"


def record_key(reference_id: str) -> str:
    return f"records/{reference_id}.json"


def sha256_of(stream: BinaryIO) -> tuple[str, int]:
    """Hash a seekable stream chunk by chunk, then rewind it."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


class ObjectStore:
    """The bucket on one MinIO server, or on a distributed set reached through several endpoints.

    minio-py talks to one endpoint, and any server of a set serves every object.  So the store works on
    one endpoint at a time and, when that server cannot be reached (refused, reset, timed out, or 5xx
    after urllib3's own retries), runs the same call on the next one and stays there.  Every call here is
    idempotent (PUT of a whole object by key, GET, HEAD), so running it again elsewhere is safe.  Each
    process starts at a place of its own in the list, so that processes spread over the set.
    """

    def __init__(self, settings: Settings) -> None:
        # Short timeouts and few retries: the task layer owns retrying with backoff.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=3, read=30), maxsize=16,
            retries=urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        )
        self._endpoints = settings.s3_endpoints
        self._clients = [Minio(endpoint, access_key=settings.s3_access_key, secret_key=settings.s3_secret_key,
                               secure=settings.s3_secure, http_client=http) for endpoint in self._endpoints]
        self._current = os.getpid() % len(self._clients)
        self.bucket = settings.bucket
        self._batch_puts = settings.s3_batch_puts

    @property
    def _client(self) -> Minio:
        """The client of the endpoint in use."""
        return self._clients[self._current]

    @property
    def endpoint(self) -> str:
        """host:port of the endpoint in use (logs, tests)."""
        return self._endpoints[self._current]

    def _call(self, what: str, op: Callable[[Minio], T]) -> T:
        """``op`` on the endpoint in use; on a connection error, on the next endpoint, each tried once."""
        for tried in range(1, len(self._clients) + 1):
            client = self._client
            try:
                with _translated(what):
                    return op(client)
            except StorageError as err:
                if tried == len(self._clients) or not _unreachable(err.__cause__):
                    raise
                # Threads share the store: only the first to see this endpoint fail moves the others on.
                if client is self._client:
                    self._current = (self._current + 1) % len(self._clients)
        raise AssertionError("unreachable")

    def ensure_bucket(self) -> None:
        def ensure(client: Minio) -> None:
            if client.bucket_exists(self.bucket):
                return
            try:
                client.make_bucket(self.bucket)
            except S3Error as err:  # another process won the race
                if err.code not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                    raise

        self._call("ensure bucket", ensure)

    def put_file(self, stream: BinaryIO, content_type: str = "application/octet-stream") -> StoredFile:
        """Store a seekable stream under its sha256, streaming it; a second copy is a no-op."""
        head = stream.read(CONDITIONAL_PUT_BYTES + 1)
        if len(head) <= CONDITIONAL_PUT_BYTES:
            sha = hashlib.sha256(head).hexdigest()
            stream.seek(0)
            return StoredFile(sha, len(head), duplicate=not self._put_if_absent(raw_key(sha), head, content_type))
        stream.seek(0)
        sha, size = sha256_of(stream)
        if self.exists(raw_key(sha)):
            return StoredFile(sha, size, duplicate=True)

        def put(client: Minio) -> None:
            stream.seek(0)  # again from the start when an endpoint failed part-way
            client.put_object(self.bucket, raw_key(sha), stream, size, content_type=content_type,
                              part_size=16 * CHUNK)

        self._call("put file", put)
        return StoredFile(sha, size, duplicate=False)

    def _put_if_absent(self, key: str, data: bytes, content_type: str) -> bool:
        """Whether ``data`` was stored at ``key``: False when the key already held an object (412).  A put
        that the server applied but whose answer was lost, then tried again, reads as a duplicate too."""
        def put(client: Minio) -> bool:
            try:
                # minio-py's put_object would send If-None-Match as user metadata (x-amz-meta-...): the
                # single-part PUT it calls underneath takes headers as they are.
                client._put_object(self.bucket, key, data,
                                   headers={"Content-Type": content_type, "If-None-Match": "*"})
            except S3Error as err:
                if err.code == "PreconditionFailed":
                    return False
                raise
            return True

        return self._call(f"put {key}", put)

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/json") -> None:
        self._call(f"put {key}", lambda client: client.put_object(
            self.bucket, key, io.BytesIO(data), len(data), content_type=content_type))

    def put_many(self, objects: Mapping[str, bytes]) -> None:
        """Store several small objects (a batch's records).  With batch puts on, in one request: a tar that
        MinIO unpacks into one object per member (``X-Amz-Meta-Snowball-Auto-Extract``), each as a PUT of
        its own would have left it.  Sent again whole when an endpoint fails part-way (every member is a
        whole-object write by key, so a member written twice is the same object)."""
        if len(objects) > 1 and self._batch_puts:
            def put(client: Minio) -> None:
                client.upload_snowball_objects(self.bucket, [
                    SnowballObject(key, data=io.BytesIO(data), length=len(data)) for key, data in objects.items()
                ])

            self._call(f"put {len(objects)} objects", put)
            return
        io_map(lambda item: self.put_bytes(*item), objects.items())

    def load_file(self, sha256: str) -> bytes:
        return self.load_bytes(raw_key(sha256))

    def load_bytes(self, key: str) -> bytes:
        def load(client: Minio) -> bytes:
            response = client.get_object(self.bucket, key)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

        return self._call(f"load {key}", load)

    def download_file(self, sha256: str, into: BinaryIO) -> int:
        """Copy the stored file into ``into`` a chunk at a time (never held whole); returns its size.
        ``into`` is rewound and emptied first, so a copy cut short on one endpoint restarts cleanly on the next."""
        key = raw_key(sha256)

        def download(client: Minio) -> int:
            into.seek(0)
            into.truncate()
            response = client.get_object(self.bucket, key)
            try:
                return sum(into.write(chunk) for chunk in response.stream(CHUNK))
            finally:
                response.close()
                response.release_conn()

        return self._call(f"download {key}", download)

    def stream_file(self, sha256: str) -> Iterator[bytes]:
        """The stored file in chunks, to send on as they come.  The object is opened here, so a missing one
        raises ``ObjectMissing`` before anything is sent; an error past that point ends the stream with
        ``StorageError`` (an answer under way cannot change its status)."""
        key = raw_key(sha256)
        response = self._call(f"open {key}", lambda client: client.get_object(self.bucket, key))
        return _chunks(response, f"read {key}")

    def exists(self, key: str) -> bool:
        try:
            self._call(f"stat {key}", lambda client: client.stat_object(self.bucket, key))
        except ObjectMissing:
            return False
        return True

    def remove_bucket(self) -> None:
        """Empty and delete the bucket (throw-away namespaces of tests and benchmarks only)."""
        def remove(client: Minio) -> None:
            if not client.bucket_exists(self.bucket):
                return
            for obj in client.list_objects(self.bucket, recursive=True):
                client.remove_object(self.bucket, obj.object_name)
            client.remove_bucket(self.bucket)

        self._call("remove bucket", remove)

    def ping(self) -> None:
        self._call("ping", lambda client: client.bucket_exists(self.bucket))


def _chunks(response: urllib3.BaseHTTPResponse, what: str) -> Iterator[bytes]:
    try:
        with _translated(what):
            yield from response.stream(CHUNK)
    finally:
        response.close()
        response.release_conn()


def _unreachable(cause: BaseException | None) -> bool:
    """Whether the server could not be reached or answered 5xx (another server of the set may do
    better), as opposed to an answer about the request itself (denied, bad request)."""
    return isinstance(cause, urllib3.exceptions.HTTPError | OSError | ServerError)


class _translated:
    """Turn client exceptions into our typed errors, naming the operation."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: object) -> None:
        # Returns None: never swallows; it only re-raises client errors as typed ones.
        if err is None or isinstance(err, StorageError | ObjectMissing):
            return
        if isinstance(err, S3Error) and err.code in _MISSING:
            raise ObjectMissing(f"{self.what}: {err.code}") from err
        if isinstance(err, S3Error | ServerError | urllib3.exceptions.HTTPError | OSError):
            raise StorageError(f"{self.what}: {type(err).__name__}: {err}") from err
