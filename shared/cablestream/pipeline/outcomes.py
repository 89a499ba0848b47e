"""What a stage returns, and the one place a failure is written.

Stages do their work (read, parse, store, bulk) and yield :class:`Outcome` values; they never write
failure records, job counts or messages to the next stage themselves.  The lifecycle
(``pipeline.lifecycle``) applies each outcome in one order: failures, job progress, resolutions,
hand-off.  :func:`write_failure` is the only writer of failure records, for the lifecycle and for the
entrances (ingest) alike, so ids, job attachment and the retry message cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import redis

from cablestream.infra.wiring import Wiring
from cablestream.logging import get_logger
from cablestream.pipeline.messages import Message
from cablestream.state.failures import Failure, Member, Subject

log = get_logger(__name__)
MESSAGE_CHARS = 2000  # of an error message kept in a failure record


@dataclass(frozen=True)
class Problem:
    """One input that failed, and the message that would run it (and only it) again."""

    error_type: str
    reason: str
    subject: Subject
    retry: Message | None
    name: str | None = None
    # False: a data error (final until the version below changes); True: a retry may go through.
    retryable: bool = False
    parser_version: str | None = None
    extractor_version: str | None = None
    members: tuple[Member, ...] | None = None  # of a file, failed for this one reason (a grouped record)


@dataclass(frozen=True)
class FileProgress:
    """The state of one file of a parse job: parsing, then parsed or failed."""

    index: int
    state: str
    cables: int | None = None
    failed: int | None = None
    error: str | None = None


@dataclass
class Outcome:
    """What one step of a stage did, for one job (None: work of no job)."""

    job_id: str | None
    passed: list[str] = field(default_factory=list)  # reference ids that went through the stage
    unchanged: int = 0  # of those, already current (passed over, not worked on)
    problems: list[Problem] = field(default_factory=list)
    files: list[FileProgress] = field(default_factory=list)
    handoff: list[Message] = field(default_factory=list)  # sent once the rest is recorded


def by_reason(problems: list[Problem], retry: Callable[[list[str]], Message]) -> list[Problem]:
    """Problems about single cables of one step, one per reason (error type), each covering its cables and
    retried by ``retry(ids)``: a batch of 200 refused cables is one record, not 200."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(problem.error_type, []).append(problem)
    out = []
    for kind, group in groups.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        ids = [p.subject.reference_id or "" for p in group]
        first = group[0]
        out.append(replace(first, reason=f"{len(group)} cables, e.g. {ids[0]}: {first.reason}",
                           subject=Subject(reference_ids=tuple(ids), group=kind), retry=retry(ids),
                           members=tuple(Member(i, None, rid, p.reason[:300]) for i, (rid, p)
                                         in enumerate(zip(ids, group, strict=True)))))
    return out


def write_failure(w: Wiring, stage: str, job_id: str | None, problem: Problem, whole_task: bool = False) -> str:
    """Record a failure and attach it to its job; returns its id.  A whole-task failure of a file
    also marks the file failed, so the job ends instead of waiting for it."""
    retry = problem.retry
    subject = problem.subject
    failure = Failure(
        stage=stage, error_type=problem.error_type, message=problem.reason[:MESSAGE_CHARS], job_id=job_id,
        sha256=subject.sha256, name=problem.name, index=subject.index, reference_id=subject.reference_id,
        reference_ids=list(subject.reference_ids), group=subject.group, whole_task=whole_task,
        retryable=problem.retryable, parser_version=problem.parser_version, extractor_version=problem.extractor_version,
        task=retry.TASK if retry else None, retry_message=retry.encode() if retry else None)
    fid = w.failures.record(failure, list(problem.members) if problem.members is not None else None)
    if job_id:
        w.jobs.add_failure(job_id, fid)
        if whole_task and subject.index is not None and subject.sha256:
            w.jobs.update_file(job_id, subject.index, state="failed", error=problem.reason[:500])
    return fid


def write_failure_or_log(w: Wiring, stage: str, job_id: str | None, problem: Problem,
                         whole_task: bool = False) -> str | None:
    """:func:`write_failure`, when Redis itself may be what failed: then the log line is all there is."""
    try:
        return write_failure(w, stage, job_id, problem, whole_task)
    except redis.RedisError as err:
        log.error("could not record failure", stage=stage, job_id=job_id, error_type=problem.error_type,
                  error=problem.reason[:500], redis_error=str(err))
        return None
