"""Response models of the operations resources."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class FailureOut(BaseModel):
    id: str
    stage: str
    error_type: str
    message: str
    job_id: str | None = Field(description="None: work of no job (reextract, the pending set as a whole)")
    sha256: str | None = None
    name: str | None = None
    index: int | None = None
    reference_id: str | None = None
    reference_ids: list[str] = Field(default=[], description="every cable of a batch task that failed as a whole")
    group: str | None = Field(default=None, description="the members of one file that failed for one reason share "
                              "one record: the reason's type")
    count: int = Field(default=1, description="inputs the record covers (members of its file, for a grouped record)")
    samples: list[str] = Field(default=[], description="the first members covered; all: GET .../{id}/members")
    whole_task: bool = Field(default=False, description="the task as a whole failed (server down, worker lost), "
                             "not one input of it")
    parser_version: str | None = None
    extractor_version: str | None = None
    retryable: bool = Field(description="a retry may go through: a server error or a lost worker, or a data "
                            "error of another parser or extractor version than the current one")
    final_reason: str | None = Field(default=None, description="why a retry cannot help now (a data error)")
    attempts: int
    first_seen: float
    last_seen: float
    resolved: bool
    task: str | None = None
    retry_message: dict[str, Any] | None = Field(default=None, description="the message a retry sends (its task's "
                                                 "message type, with a version field)")
    retry: str


class MemberOut(BaseModel):
    index: int = Field(description="position of the member in its file")
    name: str | None
    reference_id: str | None
    reason: str


class MemberPage(BaseModel):
    failure_id: str
    count: int = Field(description="members the record covers")
    kept: int = Field(description="members listed (at most 100,000 per record; the count is exact)")
    offset: int
    items: list[MemberOut]


class FailureList(BaseModel):
    total_open: int
    items: list[FailureOut]


class RetryResult(BaseModel):
    retried: list[str]
    final: list[str] = Field(default=[], description="skipped: data errors of the current parser or extractor "
                             "(retry with force=true)")


class StageStats(BaseModel):
    stage: str
    backlog: int
    oldest_age_seconds: float
    rate_per_second: float
    eta_seconds: float | None
    series: list[tuple[int, int]]


class IndexStats(BaseModel):
    documents: int
    size_bytes: int


class Stats(BaseModel):
    stages: list[StageStats]
    index: IndexStats
    failures_open: int
    generated_at: float
