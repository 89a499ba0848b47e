"""Settings, read once from the environment at each entry point and passed down.

Every variable is prefixed ``CABLESTREAM_``; the defaults are the local servers that
``deploy/local`` starts.  Nothing else in the code reads ``os.environ``.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cablestream.errors import ConfigurationError

DEV_SECRET = "cablestream-dev-secret"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CABLESTREAM_", extra="ignore")

    env: Literal["development", "staging", "production"] = "development"

    # The server and database only.  Redis is reached as an ACL user with a password (deploy/local/servers.sh
    # and docker-compose.yml set the user up, as MinIO has its credentials); every client URL is built by
    # redis_dsn(), so the secret is one setting, masked in any repr, and no configured URL carries it.
    redis_url: str = "redis://127.0.0.1:6390/0"
    redis_username: str = "cablestream"
    redis_password: SecretStr = SecretStr(DEV_SECRET)

    s3_endpoint: str = "127.0.0.1:9010"
    # Other servers of the same MinIO set (host:port, comma-separated).  minio-py talks to one endpoint,
    # so the object store starts on one of these and moves to the next on a connection error
    # (infra/storage.py); empty on a single server.
    s3_failover_endpoints: str = ""
    s3_access_key: str = "cablestream"
    s3_secret_key: str = DEV_SECRET
    s3_secure: bool = False
    bucket: str = "cablestream"
    # Records of a batch go to storage in one PUT of a tar that MinIO unpacks into one object each
    # (its "snowball" auto-extract): ~0.65 ms of CPU a record (server and client) instead of ~1.35 ms
    # for a PUT each.  Off for an S3 service that would store the tar as it is.
    s3_batch_puts: bool = True

    # One node's URL, or every node of a cluster separated by commas: the client spreads requests over
    # them and retries a request on another node when one does not answer.
    opensearch_url: str = "http://127.0.0.1:9210"
    # Connections the OpenSearch client keeps open to each node: at least the requests a process makes
    # at once (the read API runs each search on one of AnyIO's 40 threads); beyond it, a request opens
    # and closes a connection of its own.
    opensearch_pool_size: int = 40
    # Primary shards and replicas of the indices created at setup; unset, the mapping's own (1 and 0:
    # one node).  A cluster of three takes 3 and 1, so losing any one node loses no shard.
    index_shards: int | None = None
    index_replicas: int | None = None
    # How often the cables index makes new writes searchable by itself (small bulks, a feed's, refresh at
    # once: index_refresh_below).  Each refresh writes a segment, and while extraction updates every
    # cable they are small segments merged again and again: at "1s" refreshes and merges took ~8 ms of
    # OpenSearch per extracted cable.  Archives and entities appear this much later.  Applied at setup,
    # to a live index too.
    index_refresh_interval: str = "5s"
    index_alias: str = "cables"
    index_version: int = 1
    entities_alias: str = "entities"
    # 2: aliases and surname (one identity per person, docs/entity-identity.md)
    entities_version: int = 2
    # Entities follow indexing on their own queue; off, cables are only parsed and indexed.
    extract_enabled: bool = True

    upload_host: str = "127.0.0.1"
    upload_port: int = 8000
    api_host: str = "127.0.0.1"
    api_port: int = 8001

    # How many cables one index message carries: large enough for efficient bulk requests,
    # small enough that a redelivered message repeats little work.
    index_batch_size: int = 200
    # How many cables one extract message carries.  Extraction is ~100x slower per cable than indexing,
    # so a message is smaller: a worker killed mid-message redoes ~10 s of work, not a minute (the model
    # batches within a message; larger ones read no faster).
    extract_batch_size: int = 50
    # Records parse stashes in Redis beside their pending ids (the drain reads them there, not from
    # object storage) while fewer than this many wait; 0: never.  Bounds the Redis memory a backlog takes.
    index_stash_members: int = 4000
    # Small raw files (64 KiB at most) the entrances stash in Redis beside storing them, so the parse stage
    # reads them there instead of from object storage, while fewer than this many wait; 0: never.
    parse_stash_files: int = 1000
    # Small files of one upload go to the parse stage several to a message (their I/O overlaps, the
    # per-task cost is paid once): up to this many files, each at most this large.  Their records are one
    # index bulk: at 64 (index_refresh_below) it is left to the refresh interval, so a feed that keeps a
    # batch full spends no refresh per batch, and a trickle of files is still refreshed at once.
    parse_batch_files: int = 64
    # Small files (those batched above) take the express lane (infra.queue.EXPRESS): their own queues and
    # worker, so they are searchable while archives load.  False: they queue with everything else.
    express_lane: bool = True
    parse_batch_file_bytes: int = 1024 * 1024
    # A bulk of fewer cables than this is made searchable at once (a refresh): one file of a feed is
    # searchable in tens of milliseconds; larger bulks (an archive loading) wait for the refresh interval,
    # so bulk throughput is not spent on refreshes.  0: never.
    index_refresh_below: int = 64
    # One file (upload, feeds).  Every stage streams a file (stored in parts, parsed from a temporary
    # file a member at a time), so the cap is not memory but the parser's own: an input expands to at
    # most 2 GiB (MAX_TOTAL_BYTES), which a compressed archive larger than that could not hold in cables.
    # The same as max_upload_bytes, so one request can carry one such file.  Workers need that much
    # free temporary disk per file parsed at once.
    max_file_bytes: int = 2 * 1024 * 1024 * 1024
    # The upload service refuses a request whose body (all its files together) is larger, before
    # spooling or storing any of it.  Each file is also held to max_file_bytes.
    max_upload_bytes: int = 2 * 1024 * 1024 * 1024
    task_max_retries: int = 8
    # A message whose worker died this many times while running it (out of memory, say) is not run
    # again: it becomes a failure record that can be retried by hand.
    task_max_deliveries: int = 3
    # A message a worker took but has not acknowledged goes back to its queue after this long unless the
    # worker renews its lease (every quarter of it, while alive: infra/leases.py).  So the work of a
    # killed worker resumes on a live one within about this long plus a restore sweep (5 s).
    task_lease_seconds: int = 40
    # A task that meets Redis down waits this long for it to answer before its retry is sent: the retry
    # is a message to the broker, which is the same Redis, and Celery drops a message whose retry it
    # cannot send (``Task.retry`` raises ``Reject(requeue=False)``).
    redis_outage_wait_seconds: float = 120.0

    # glibc's allocator in each worker process (infra/heap.py): arrays up to this size come from the heap
    # instead of their own mapping, and up to this much free heap is kept instead of given back; 0 leaves
    # glibc's default.  Extraction frees and allocates megabytes per model batch: 12% of its CPU was
    # page faults with the defaults.
    malloc_mmap_threshold_mib: int = 16
    malloc_trim_threshold_mib: int = 64

    # A Celery worker serves its Prometheus metrics here (0: not at all).
    metrics_port: int = 0
    metrics_host: str = "127.0.0.1"  # 0.0.0.0 in containers, where Prometheus scrapes from outside

    # HTTP services: Retry-After of a 503 answered while a backing server is unavailable.
    retry_after_seconds: int = 5

    log_level: str = "INFO"
    log_json: bool = True

    # Continuous feeds (cablestream.feeds).  MinIO's Redis notification target cannot pick a database:
    # it RPUSHes one event per item onto this key in db 0 of this Redis, whatever redis_url says.
    feed_events_redis_url: str = "redis://127.0.0.1:6390/0"
    feed_events_key: str = "cablestream:minio-events"
    # The notification target that sends at once (it drops what Redis misses), and the one that keeps
    # events in MinIO's queue dir and replays them (on a 3 s ticker); the bucket is subscribed to both,
    # and the feed takes an object once (deploy/local/servers.sh).  None: no durable target.
    feed_notify_arn: str = "arn:minio:sqs::PRIMARY:redis"
    feed_notify_durable_arn: str | None = "arn:minio:sqs::DURABLE:redis"
    feed_bucket: str = "incoming"
    # Back-pressure: a feed pauses while the parse queue holds more than feed_max_backlog messages and
    # resumes once it is down to feed_resume_backlog (the gap keeps it from flapping).
    feed_max_backlog: int = 1000
    feed_resume_backlog: int = 500
    feed_backlog_poll_seconds: float = 0.5
    # A watched file is ingested once its size and mtime have not changed for this long.
    feed_stable_seconds: float = 0.5

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        # Tests and benchmarks run as "development" against the local servers; any other environment
        # must bring its own secret.
        if self.env != "development" and self.s3_secret_key == DEV_SECRET:
            raise ConfigurationError("CABLESTREAM_S3_SECRET_KEY is the development placeholder; set a real secret")
        redis_password = unquote(urlsplit(self.redis_dsn()).password or "")
        if self.env != "development" and redis_password == DEV_SECRET:
            raise ConfigurationError("CABLESTREAM_REDIS_PASSWORD is the development placeholder; set a real secret")
        return self

    def redis_dsn(self, url: str | None = None) -> str:
        """A Redis client URL: ``url`` (default: redis_url) with the user and password added, unless the
        URL names credentials of its own.  Pass it to a client; never log it."""
        target = url or self.redis_url
        parts = urlsplit(target)
        if parts.username is not None or parts.password is not None:
            return target
        user = quote(self.redis_username, safe="")
        password = quote(self.redis_password.get_secret_value(), safe="")
        return urlunsplit(parts._replace(netloc=f"{user}:{password}@{parts.netloc}"))

    @property
    def opensearch_hosts(self) -> list[str]:
        """Every OpenSearch node's URL (``opensearch_url`` split on commas)."""
        return _split(self.opensearch_url)

    @property
    def s3_endpoints(self) -> list[str]:
        """The MinIO endpoint first, then the failover ones, without repeats."""
        return list(dict.fromkeys([self.s3_endpoint, *_split(self.s3_failover_endpoints)]))

    @property
    def index_name(self) -> str:
        """The concrete, versioned index behind the alias."""
        return f"{self.index_alias}-v{self.index_version}"

    @property
    def entities_index(self) -> str:
        return f"{self.entities_alias}-v{self.entities_version}"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
