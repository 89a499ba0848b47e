"""The bucket feed: objects any S3 client puts into a bucket are ingested, through MinIO's notifications.

At start the feed makes sure the bucket exists and notifies MinIO's Redis target of object creations,
then re-handles the event it held when it last died (its processing list).  Events wait in Redis while
no feed runs, so nothing is missed and nothing is rescanned.  Each object is streamed into our
content-addressed store (``raw/<sha256>``) and submitted like any other feed file.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading

import redis
import urllib3
from minio import Minio
from minio.error import S3Error
from minio.notificationconfig import NotificationConfig, QueueConfig

from cablestream.feeds.backpressure import BacklogGate
from cablestream.feeds.dirfeed import FeedError
from cablestream.feeds.events import ROUTE_SCRIPT, EventKeys, ObjectRef, created_objects
from cablestream.feeds.ledger import PREFIX, Ledger
from cablestream.feeds.patience import TRANSIENT, patiently
from cablestream.feeds.submit import submit
from cablestream.infra.storage import CHUNK, StorageError, StoredFile
from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.pipeline.ingest import store_upload

SOURCE = "feed:bucket"
# How long an object version handled is remembered: longer than the durable target's replay after an
# outage (its queue dir sends on a 3 s ticker once Redis is back).
SEEN_SECONDS = 86_400
BLOCK = 0.25  # seconds one wait for new events lasts: how soon a stop (or another feed's routing) is seen
EVENTS = ["s3:ObjectCreated:*"]
log = get_logger(__name__)


class BucketFeed:
    def __init__(self, wiring: Wiring, bucket: str, stop: threading.Event | None = None) -> None:
        s = wiring.settings
        self.w, self.bucket = wiring, bucket
        self.stop = stop or threading.Event()
        self.feed_id = f"bucket:{bucket}"
        self.keys = EventKeys(s.feed_events_key, bucket)
        # The notification database is MinIO's choice (db 0), not ours: a client of its own.
        self.ev = redis.Redis.from_url(s.redis_dsn(s.feed_events_redis_url), socket_timeout=10,
                                       socket_connect_timeout=3, decode_responses=True)
        self.route = self.ev.register_script(ROUTE_SCRIPT)
        self.s3 = Minio(s.s3_endpoint, access_key=s.s3_access_key, secret_key=s.s3_secret_key, secure=s.s3_secure,
                        http_client=urllib3.PoolManager(timeout=urllib3.Timeout(connect=3, read=30)))
        self.ledger = Ledger(wiring.redis, self.feed_id)
        self.gate = BacklogGate(wiring.redis, self.feed_id, s.feed_max_backlog, s.feed_resume_backlog,
                                s.feed_backlog_poll_seconds, self.stop)

    def run(self) -> None:
        self.subscribe()
        log.info("bucket feed started", feed=self.feed_id)
        self._route_all()
        for held in self.ev.lrange(self.keys.processing, 0, -1):  # what a killed run held
            self._handle_until_done(str(held))
        while not self.stop.is_set():
            try:  # Redis restarting: events wait there (or in MinIO's queue dir)
                for attempt in patiently(self.stop, self.feed_id):
                    with attempt:
                        self.step()
            except TRANSIENT:
                break  # stopped while a server was down
        log.info("bucket feed stopped", feed=self.feed_id)

    def step(self) -> None:
        """Handle one event of this bucket, or wait a little for new events and route them."""
        item = self.ev.lmove(self.keys.waiting, self.keys.processing, "LEFT", "RIGHT")
        if item is not None:
            self._handle_until_done(str(item))
        elif self.ev.blmove(self.keys.events, self.keys.routing, BLOCK, "LEFT", "RIGHT") is not None:  # type: ignore[arg-type]  # Redis takes fractional seconds
            self._route_all()

    def subscribe(self) -> None:
        """Create the bucket if needed and subscribe it to both notification targets (kept if present):
        the one that sends at once is required, the durable one is taken where MinIO has it."""
        s = self.w.settings
        try:
            if not self.s3.bucket_exists(self.bucket):
                self.s3.make_bucket(self.bucket)
            self._subscribe(s.feed_notify_arn, "cablestream")
        except S3Error as err:
            raise FeedError(f"cannot subscribe bucket {self.bucket!r} to {s.feed_notify_arn} ({err.code}); is MinIO "
                            "started with its Redis notification target (deploy/local/servers.sh)?") from err
        if s.feed_notify_durable_arn:
            try:
                self._subscribe(s.feed_notify_durable_arn, "cablestream-durable")
            except S3Error as err:  # a MinIO without a queue dir: events Redis misses are lost, and said so
                log.warning("no durable notification target: objects put while Redis is down are not seen",
                            feed=self.feed_id, arn=s.feed_notify_durable_arn, error=err.code)

    def _subscribe(self, arn: str, config_id: str) -> None:
        config = self.s3.get_bucket_notification(self.bucket)
        if any(q.queue == arn and set(EVENTS) <= set(q.events) for q in config.queue_config_list):
            return
        queues = [*config.queue_config_list, QueueConfig(queue=arn, events=EVENTS, config_id=config_id)]
        self.s3.set_bucket_notification(self.bucket, NotificationConfig(
            cloud_func_config_list=config.cloud_func_config_list, queue_config_list=queues,
            topic_config_list=config.topic_config_list))

    def _route_all(self) -> None:
        while self.route(keys=[self.keys.routing], args=[self.keys.prefix, 100]):
            pass

    def _handle_until_done(self, item: str) -> None:
        try:
            # A server is down: keep the event and try again; the ledger makes the retry safe.
            for attempt in patiently(self.stop, self.feed_id):
                with attempt:
                    if self._handle(item):
                        self.ev.lrem(self.keys.processing, 1, item)
        except TRANSIENT:
            return  # stopped while a server was down: the event stays held for the next run
        except Exception as err:  # a bug or an odd event must not stop the feed for every other one
            log.exception("feed event failed; kept in the dead list", feed=self.feed_id, key=self.keys.dead,
                          error_type=type(err).__name__)
            pipe = self.ev.pipeline(transaction=True)
            pipe.rpush(self.keys.dead, item)
            pipe.lrem(self.keys.processing, 1, item)
            pipe.execute()

    def _handle(self, item: str) -> bool:
        """Ingest what one event announces; False if stopped before the end (the event is kept)."""
        for ref in created_objects(item):
            if self._seen(ref):
                continue  # the other target's copy of an event already handled: not downloaded again
            self.gate.wait()
            if self.stop.is_set():
                return False
            stored = self._copy(ref)
            if stored is not None:
                result = submit(self.w, self.ledger, stored, ref.key, SOURCE)
                log.info("feed object", feed=self.feed_id, key=ref.key, sha256=stored.sha256,
                         job_id=result.job_id, new=result.new)
            self.w.redis.set(self._seen_key(ref), 1, ex=SEEN_SECONDS)
        return True

    def _seen_key(self, ref: ObjectRef) -> str:
        digest = hashlib.sha1(f"{ref.bucket}\0{ref.key}\0{ref.etag}".encode()).hexdigest()
        return f"{PREFIX}:{self.feed_id}:seen:{digest}"

    def _seen(self, ref: ObjectRef) -> bool:
        """Whether this object version (bucket, key, eTag) was handled lately: each event comes twice, once
        from each target.  An object put again with other content has another eTag."""
        return bool(ref.etag) and bool(self.w.redis.exists(self._seen_key(ref)))

    def _copy(self, ref: ObjectRef) -> StoredFile | None:
        """Stream the object into the content-addressed store (spooled: the hash must precede the key)."""
        limit = self.w.settings.max_file_bytes
        if ref.size > limit:
            log.warning("feed object too large", feed=self.feed_id, key=ref.key, size=ref.size)
            return None
        with tempfile.SpooledTemporaryFile(max_size=16 * CHUNK) as spool:
            try:
                response = self.s3.get_object(ref.bucket, ref.key)
                try:
                    for chunk in response.stream(CHUNK):
                        spool.write(chunk)
                finally:
                    response.close()
                    response.release_conn()
            except S3Error as err:
                if err.code in {"NoSuchKey", "NoSuchBucket"}:  # removed since: nothing to ingest
                    log.warning("feed object gone", feed=self.feed_id, key=ref.key)
                    return None
                raise StorageError(f"get {ref.bucket}/{ref.key}: {err.code}") from err
            except (urllib3.exceptions.HTTPError, OSError) as err:
                raise StorageError(f"get {ref.bucket}/{ref.key}: {err}") from err
            spool.seek(0)
            return store_upload(self.w, spool)  # type: ignore[arg-type]
