"""Errors of the search backend, classified once: where the OpenSearch client is called.

Every call to the client runs inside ``translated(operation)``, so the client's exceptions leave the
search package as one of two typed errors and nothing above it ever inspects a transport error:

- ``SearchUnavailable`` (an ``InfrastructureError``): OpenSearch is down, slow or overloaded (no
  connection, a timeout, 408, 429, any 5xx).  Transient: workers retry, the API answers 503.
- ``SearchRejected``: OpenSearch refused the request itself (any other 4xx: 400 malformed, 401/403
  credentials, 404 no such index or point in time, 409 conflict, 413 too large).  Final: sending the
  same request again cannot help; the API answers 502.

Callers that expect a refusal (a missing alias means "no alias yet", a 400 on a client's search is that
client's) catch ``SearchRejected`` and read its ``status`` and ``error``.  Bulk items carry statuses of
their own: ``transient`` is the same classification for them.
"""

from __future__ import annotations

from typing import Any

from opensearchpy.exceptions import TransportError

from cablestream.errors import CablestreamError, InfrastructureError

_TRANSIENT_4XX = frozenset({408, 429})
_REASON_CHARS = 300
_STATUS_OF = {"index_not_found_exception": 404}  # errors that come without a status (in mget documents)


class SearchUnavailable(InfrastructureError):
    """OpenSearch failed or could not be reached: retrying may help."""


class SearchRejected(CablestreamError):
    """OpenSearch refused a request of ours (a 4xx other than 408/429): retrying cannot help."""

    def __init__(self, operation: str, status: int, error: str, reason: str) -> None:
        super().__init__(f"{operation}: OpenSearch refused the request ({status} {error}): {reason}")
        self.operation = operation
        self.status = status
        self.error = error  # OpenSearch's error type, e.g. ``mapper_parsing_exception``
        self.reason = reason  # its root cause, for logs and failure records (never an API answer)

    def __reduce__(self) -> tuple[type[SearchRejected], tuple[str, int, str, str]]:
        # Celery pickles a task's exception before its failure handler sees it; without this the
        # handler would get a bare CablestreamError and could not tell a refusal from anything else.
        return type(self), (self.operation, self.status, self.error, self.reason)


def transient(status: object) -> bool:
    """Whether a status (of a request or of one bulk item) says "later" rather than "never".  A status
    that is not a number is the client's ``N/A``: no answer at all."""
    return not isinstance(status, int) or status in _TRANSIENT_4XX or status >= 500


def item_reason(item: dict[str, Any]) -> str:
    """``type: reason`` of one bulk item that failed."""
    error = item.get("error")
    if isinstance(error, dict):
        return f"{error.get('type')}: {error.get('reason')}"[:_REASON_CHARS]
    return str(error)[:_REASON_CHARS]


class translated:
    """Re-raise the client's exceptions as ``SearchUnavailable`` or ``SearchRejected``, naming the
    operation.  Never swallows anything."""

    def __init__(self, operation: str) -> None:
        self.operation = operation

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: object) -> None:
        if isinstance(err, TransportError):
            raise classify(err, self.operation) from err


def classify(err: TransportError, operation: str) -> SearchUnavailable | SearchRejected:
    status = err.status_code
    if not isinstance(status, int) or transient(status):
        # The client's message may name the server's address: fine for logs and failure records, which
        # is all this goes to (the API names only the backend).
        return SearchUnavailable(f"{operation}: {type(err).__name__}: {err}"[:500])
    error, reason = _cause(err.info if isinstance(err.info, dict) else {}, str(err.error))
    return SearchRejected(operation, status, error, reason)


def failed_answer(operation: str, answer: dict[str, Any]) -> SearchUnavailable | SearchRejected:
    """The error of one answer of a multi-request that failed (an ``msearch`` response, an ``mget``
    document).  An ``mget`` document carries no status: a missing index is told by its error type."""
    status = answer.get("status") or _STATUS_OF.get(_cause(answer, "")[0])
    if not isinstance(status, int) or transient(status):
        return SearchUnavailable(f"{operation}: answered {status}: {item_reason(answer)}")
    error, reason = _cause(answer, "unknown")
    return SearchRejected(operation, status, error, reason)


def checked_docs(operation: str, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents of an ``mget`` answer.  ``mget`` answers 200 even when it could not read a document
    (its index does not exist, a shard is down): the first such document raises, classified."""
    for doc in docs:
        if "error" in doc:
            raise failed_answer(operation, doc)
    return docs


def _cause(body: dict[str, Any], default: str) -> tuple[str, str]:
    """OpenSearch's error type and its root cause, from an answer's body (``{"error": ...}``)."""
    error = body.get("error")
    if isinstance(error, dict):
        root = (error.get("root_cause") or [error])[0]
        return str(error.get("type", default)), str(root.get("reason", ""))[:_REASON_CHARS]
    return default, str(error or default)[:_REASON_CHARS]
