"""Object storage (MinIO / any S3) behind a small verb-noun interface keyed by content hash.

Raw files live at ``raw/<sha256>``; parsed records at ``records/<reference_id>.json``.  Storing the
same bytes twice changes nothing: ``put_file`` checks for the key first and reports a duplicate.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import BinaryIO

import urllib3
from minio import Minio
from minio.error import S3Error

from cablestream.errors import CablestreamError, InfrastructureError
from cablestream.settings import Settings

CHUNK = 1024 * 1024
_MISSING = {"NoSuchKey", "NoSuchObject", "NoSuchBucket"}


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
    def __init__(self, settings: Settings) -> None:
        # Short timeouts and few retries: the task layer owns retrying with backoff.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=3, read=30), maxsize=16,
            retries=urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        )
        self._client = Minio(
            settings.s3_endpoint, access_key=settings.s3_access_key, secret_key=settings.s3_secret_key,
            secure=settings.s3_secure, http_client=http,
        )
        self.bucket = settings.bucket

    def ensure_bucket(self) -> None:
        with _translated("ensure bucket"):
            if not self._client.bucket_exists(self.bucket):
                try:
                    self._client.make_bucket(self.bucket)
                except S3Error as err:  # another process won the race
                    if err.code not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                        raise

    def put_file(self, stream: BinaryIO, content_type: str = "application/octet-stream") -> StoredFile:
        """Store a seekable stream under its sha256, streaming it; a second copy is a no-op."""
        sha, size = sha256_of(stream)
        if self.exists(raw_key(sha)):
            return StoredFile(sha, size, duplicate=True)
        with _translated("put file"):
            self._client.put_object(self.bucket, raw_key(sha), stream, size, content_type=content_type,
                                    part_size=16 * CHUNK)
        return StoredFile(sha, size, duplicate=False)

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/json") -> None:
        with _translated(f"put {key}"):
            self._client.put_object(self.bucket, key, io.BytesIO(data), len(data), content_type=content_type)

    def load_file(self, sha256: str) -> bytes:
        return self.load_bytes(raw_key(sha256))

    def load_bytes(self, key: str) -> bytes:
        with _translated(f"load {key}"):
            response = self._client.get_object(self.bucket, key)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

    def exists(self, key: str) -> bool:
        try:
            with _translated(f"stat {key}"):
                self._client.stat_object(self.bucket, key)
        except ObjectMissing:
            return False
        return True

    def remove_bucket(self) -> None:
        """Empty and delete the bucket (throw-away namespaces of tests and benchmarks only)."""
        with _translated("remove bucket"):
            if not self._client.bucket_exists(self.bucket):
                return
            for obj in self._client.list_objects(self.bucket, recursive=True):
                self._client.remove_object(self.bucket, obj.object_name)
            self._client.remove_bucket(self.bucket)

    def ping(self) -> None:
        with _translated("ping"):
            self._client.bucket_exists(self.bucket)


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
        if isinstance(err, S3Error | urllib3.exceptions.HTTPError | OSError):
            raise StorageError(f"{self.what}: {type(err).__name__}: {err}") from err
