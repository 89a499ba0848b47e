"""Response models of the operations resources."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class FailureOut(BaseModel):
    id: str
    stage: str
    error_type: str
    message: str
    job_id: str
    sha256: str | None = None
    name: str | None = None
    index: int | None = None
    reference_id: str | None = None
    reference_ids: list[str] = Field(default=[], description="every cable of a batch task that failed as a whole")
    whole_task: bool = Field(default=False, description="the task as a whole failed (server down, worker lost), "
                             "not one input of it")
    parser_version: str | None = None
    extractor_version: str | None = None
    retryable: bool
    attempts: int
    first_seen: float
    last_seen: float
    resolved: bool
    task: str | None = None
    args: list[Any] = []
    retry: str


class FailureList(BaseModel):
    total_open: int
    items: list[FailureOut]


class RetryResult(BaseModel):
    retried: list[str]


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
