"""The jobs of extraction and review: one row each, owned by an account, holding the result
once done (or why it failed)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field

from core.accounts.models import AccountOwned, new_id
from core.db import EnumText, UTCDateTime, utcnow


class JobKind(StrEnum):
    EXTRACTION = "extraction"
    REVIEW = "review"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class Mode(StrEnum):
    RESPONSE = "response"
    CALLBACK = "callback"


class ExtractionJob(AccountOwned, table=True):
    __tablename__ = "extraction_job"
    __table_args__ = (Index("ix_extraction_job_account_created", "account_id", "created_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    kind: JobKind = Field(sa_type=EnumText(JobKind, 12), nullable=False)
    status: JobStatus = Field(
        default=JobStatus.QUEUED, sa_type=EnumText(JobStatus, 12), nullable=False, index=True
    )
    mode: Mode = Field(default=Mode.RESPONSE, sa_type=EnumText(Mode, 12), nullable=False)
    filename: str = Field(default="", max_length=500)
    #: a review's workflow and the version it ran against (no foreign key: a job outlives it)
    workflow_id: str | None = Field(default=None, max_length=32)
    workflow_version: int | None = Field(default=None)
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    error: str | None = Field(default=None, sa_type=Text)
    error_status: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
