"""OpenSearch errors classified once (pure): transient ones are ``SearchUnavailable``, refusals are a
``SearchRejected`` carrying the status and OpenSearch's cause.  The exceptions are the client's own,
built as its transport builds them from an answer."""

from __future__ import annotations

import pytest
from opensearchpy.exceptions import (
    AuthenticationException,
    ConflictError,
    ConnectionTimeout,
    NotFoundError,
    RequestError,
    TransportError,
)
from opensearchpy.exceptions import ConnectionError as OSConnectionError

from cablestream.errors import InfrastructureError
from cablestream.search.errors import (
    SearchRejected,
    SearchUnavailable,
    checked_docs,
    failed_answer,
    transient,
    translated,
)

MAPPING_ERROR = {"error": {"root_cause": [{"type": "mapper_parsing_exception", "reason": "failed to parse [created]"}],
                           "type": "mapper_parsing_exception", "reason": "failed to parse"}, "status": 400}


def _raised(err: Exception) -> BaseException:
    with pytest.raises((SearchUnavailable, SearchRejected)) as caught, translated("op"):
        raise err
    assert caught.value.__cause__ is err  # the client's error stays the cause, for the logs
    return caught.value


@pytest.mark.parametrize("err", [
    OSConnectionError("N/A", "refused", OSError("connection refused")),
    ConnectionTimeout("TIMEOUT", "timed out", TimeoutError()),
    TransportError(429, "es_rejected_execution_exception", {}),
    TransportError(408, "timeout", {}),
    TransportError(500, "internal", {}), TransportError(502, "bad gateway", {}),
    TransportError(503, "unavailable", {}), TransportError(504, "gateway timeout", {}),
])
def test_no_answer_or_an_overloaded_server_is_transient(err: Exception) -> None:
    found = _raised(err)
    assert isinstance(found, SearchUnavailable) and isinstance(found, InfrastructureError)
    assert str(found).startswith("op: ")


@pytest.mark.parametrize(("err", "status"), [
    (RequestError(400, "mapper_parsing_exception", MAPPING_ERROR), 400),
    (AuthenticationException(401, "security_exception", {}), 401),
    (TransportError(403, "cluster_block_exception", {}), 403),
    (NotFoundError(404, "index_not_found_exception", {}), 404),
    (ConflictError(409, "version_conflict_engine_exception", {}), 409),
    (TransportError(413, "content too long", {}), 413),
])
def test_a_refusal_is_final_and_carries_status_and_cause(err: Exception, status: int) -> None:
    found = _raised(err)
    assert isinstance(found, SearchRejected) and not isinstance(found, InfrastructureError)
    assert (found.status, found.operation) == (status, "op")


def test_the_cause_is_opensearch_root_cause() -> None:
    found = _raised(RequestError(400, "mapper_parsing_exception", MAPPING_ERROR))
    assert isinstance(found, SearchRejected)
    assert (found.error, found.reason) == ("mapper_parsing_exception", "failed to parse [created]")
    # A body whose error is a plain string (a missing alias answers so).
    missing = _raised(NotFoundError(404, "alias [x] missing", {"error": "alias [x] missing", "status": 404}))
    assert isinstance(missing, SearchRejected) and missing.reason == "alias [x] missing"


def test_our_own_errors_and_others_pass_through_untouched() -> None:
    for err in (SearchUnavailable("down"), ValueError("bug")):
        with pytest.raises(type(err)) as caught, translated("op"):
            raise err
        assert caught.value is err


def test_item_and_answer_statuses_use_the_same_classes() -> None:
    assert transient(429) and transient(503) and transient("N/A") and not transient(400) and not transient(409)
    assert isinstance(failed_answer("msearch", MAPPING_ERROR), SearchRejected)
    assert isinstance(failed_answer("msearch", {"error": {"type": "x"}, "status": 503}), SearchUnavailable)


def test_an_mget_document_that_could_not_be_read_raises() -> None:
    # mget answers 200 and says per document; a missing index carries no status, only its error type.
    missing = {"_index": "x", "_id": "1", "error": {"type": "index_not_found_exception", "reason": "no such index [x]"}}
    with pytest.raises(SearchRejected) as caught:
        checked_docs("mget", [{"_id": "0", "found": False}, missing])
    assert caught.value.status == 404
    with pytest.raises(SearchUnavailable):
        checked_docs("mget", [{"_id": "1", "error": {"type": "no_shard_available_action_exception"}}])
    assert checked_docs("mget", [{"_id": "0", "found": False}]) == [{"_id": "0", "found": False}]
