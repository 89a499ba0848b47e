"""The root of every error cablestream raises on purpose.

Two families matter to the pipeline: data errors (``ParseError`` and its kin) are final and become
failure records, never retried; infrastructure errors (``InfrastructureError``) are transient and retried
with a cap and jittered backoff.  Specific errors live next to the code that raises them.
"""


class CablestreamError(Exception):
    """Base class of all cablestream errors."""


class DataError(CablestreamError):
    """The input itself is at fault: retrying the same bytes cannot help."""


class InfrastructureError(CablestreamError):
    """A server (Redis, MinIO, OpenSearch) failed or was unreachable: retrying may help."""


class ConfigurationError(CablestreamError):
    """Settings are missing or unsafe for the environment."""
