"""Retrying failures, and resolving them once their input goes through.

A failure record holds the message that retries it; a retry sends that message again.  Whether a
retry can help depends on what failed: an infrastructure error or a lost worker, yes; a data error,
only once the parser (or, for entities, the extractor) is not the version that failed on it.  A final
failure is retried only when asked with ``force``.  When the retried work succeeds, the lifecycle
resolves the failures it did not see again, so "replay after a fix" turns failures into records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cablestream.errors import CablestreamError
from cablestream.extraction import EXTRACTOR_VERSION
from cablestream.infra.wiring import Wiring
from cablestream.parsing import PARSER_VERSION
from cablestream.pipeline.messages import BadMessage, Message, decode, send
from cablestream.state.failures import Failure


class NotRetryable(CablestreamError):
    """The failure does not exist, or carries no message to retry it."""


class FinalFailure(CablestreamError):
    """A data error of the current parser or extractor: the same input would fail the same way."""


@dataclass
class RetryReport:
    retried: list[str] = field(default_factory=list)
    final: list[str] = field(default_factory=list)  # skipped: data errors of the current versions


def final_reason(failure: Failure) -> str | None:
    """Why retrying this failure cannot help now, or None if it may."""
    if failure.retryable:
        return None
    if failure.stage == "extract":
        if failure.extractor_version not in {None, EXTRACTOR_VERSION}:
            return None
        return (f"a data error of extractor {EXTRACTOR_VERSION}: the same cable fails the same way until the "
                "extractor changes; retry with force to run it anyway")
    if failure.parser_version not in {None, PARSER_VERSION}:
        return None
    return (f"a data error of parser {PARSER_VERSION}: the same input fails the same way until the parser "
            "changes; retry with force to run it anyway")


def retry_message(failure: Failure) -> Message:
    """The message that runs the failed work again (records before 0.2 hold a positional list)."""
    if not failure.task:
        raise NotRetryable(f"failure {failure.id!r} has no task to retry")
    try:
        if failure.retry_message is not None:
            return decode(failure.task, [failure.retry_message])
        return decode(failure.task, failure.legacy_args)
    except BadMessage as err:
        raise NotRetryable(f"failure {failure.id!r}: {err}") from None


def retry(w: Wiring, failure_id: str, force: bool = False) -> Failure:
    failure = w.failures.get(failure_id)
    if failure is None:
        raise NotRetryable(f"no failure {failure_id!r}")
    message = retry_message(failure)
    if not force and (why := final_reason(failure)):
        raise FinalFailure(f"failure {failure_id!r} is {why}")
    send(w.celery, message, retry_of=failure_id)
    return failure


def retry_matching(w: Wiring, stage: str | None = None, job_id: str | None = None,
                   error_type: str | None = None, limit: int = 1000, force: bool = False) -> RetryReport:
    """Retry every open failure that matches (final ones only with ``force``); one message per distinct
    message, however many failures share it."""
    sent: set[str] = set()
    report = RetryReport()
    for failure in w.failures.query(stage=stage, job_id=job_id, error_type=error_type, limit=limit):
        if not force and final_reason(failure):
            report.final.append(failure.id)
            continue
        try:
            message = retry_message(failure)
        except NotRetryable:
            continue
        key = f"{message.TASK}{message.model_dump_json()}"
        if key not in sent:
            send(w.celery, message, retry_of=failure.id)
            sent.add(key)
        report.retried.append(failure.id)
    return report


def resolve(w: Wiring, failure_ids: Iterable[str]) -> int:
    """Resolve the given failures and take them off their jobs; returns how many were open."""
    count = 0
    for failure_id in failure_ids:
        failure = w.failures.resolve(failure_id)
        if failure is not None:
            if failure.job_id:
                w.jobs.remove_failure(failure.job_id, failure_id)
            count += 1
    return count


def resolve_for_references(w: Wiring, stage: str, reference_ids: Iterable[str]) -> int:
    """Resolve a stage's failures about cables that have now gone through that stage.  A failure
    about a whole batch is over only when every cable of it went through."""
    passed = set(reference_ids)
    ids = []
    for failure_id in w.failures.for_references(sorted(passed)):
        failure = w.failures.get(failure_id)
        if failure is None or failure.stage != stage or failure.resolved:
            continue
        subject = set(failure.reference_ids) or {failure.reference_id or ""}
        if subject <= passed:
            ids.append(failure_id)
    return resolve(w, ids)
