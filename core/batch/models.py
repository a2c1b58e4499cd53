"""Tables of batch jobs and stored documents; the database is the source of truth.

* :class:`BatchJob` — one batch: status, counters and ``last_seq``, the sequence number of
  its newest progress event.
* :class:`BatchItem` — one source of a job and how far it got (queued → running →
  completed / failed / cancelled). ``lease_until`` marks a claim: a redelivered task waits for
  the lease to expire before taking over a document another worker may still be processing.
* :class:`BatchEvent` — the job's progress events, ``seq`` 1, 2, 3, ... per job, kept so a
  watcher can resume after the last one it saw.
* :class:`Document` — a processed document (history). ``idem_key`` is unique: ``job:sha256``
  for a parsed document, so a redelivered task can never store, count or charge it twice.
* :class:`DocumentContent` — the extracted text, the parsed statement and the text searched.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.accounts.models import AccountOwned, new_id
from core.db import EnumText, UTCDateTime, utcnow


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    FAILED = "failed"


class ItemStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class DocumentStatus(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"


class EventType(StrEnum):
    """A job's progress events; the job's own changes are named like the state they enter."""

    QUEUED = "queued"
    STARTED = "started"
    DOCUMENT_STARTED = "document_started"
    #: a document enters a stage: ``ocr`` (pages without a text layer), ``parse`` or ``tag``
    DOCUMENT_STAGE = "document_stage"
    DOCUMENT_FINISHED = "document_finished"
    DOCUMENT_FAILED = "document_failed"
    PAUSED = "paused"
    RESUMED = "resumed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    FAILED = "failed"


#: in this order: the first three can still be cancelled
JOB_ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.CANCELLING)
JOB_TERMINAL = (JobStatus.CANCELLED, JobStatus.COMPLETED, JobStatus.FAILED)
ITEM_TERMINAL = (ItemStatus.COMPLETED, ItemStatus.FAILED, ItemStatus.CANCELLED)


class BatchJob(AccountOwned, table=True):
    __tablename__ = "batch_job"
    __table_args__ = (Index("ix_batch_job_account_created", "account_id", "created_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(default="", max_length=200)
    status: JobStatus = Field(
        default=JobStatus.QUEUED, sa_type=EnumText(JobStatus, 20), nullable=False, index=True
    )
    total: int = Field(default=0)
    done: int = Field(default=0)
    failed: int = Field(default=0)
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    #: who started the job, so each document is charged to the same key
    principal_kind: str = Field(max_length=20)
    key_id: str | None = Field(default=None, max_length=32)
    user_id: str | None = Field(default=None, max_length=32)
    last_seq: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BatchItem(AccountOwned, table=True):
    __tablename__ = "batch_item"
    __table_args__ = (UniqueConstraint("job_id", "position", name="uq_batch_item_job_position"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    job_id: str = Field(foreign_key="batch_job.id", index=True, ondelete="CASCADE", max_length=32)
    position: int
    #: the source as given (path, URL, s3 URI or ``upload:<id>``), shown back to the owner
    source: str = Field(max_length=2048)
    kind: str = Field(max_length=10)
    ref: str = Field(max_length=2048)
    #: the PDF's password, encrypted with a key derived from the server secret; wiped at the end
    password_enc: str | None = Field(default=None, sa_type=Text)
    status: ItemStatus = Field(
        default=ItemStatus.QUEUED, sa_type=EnumText(ItemStatus, 20), nullable=False
    )
    sha256: str | None = Field(default=None, max_length=64)
    document_id: str | None = Field(default=None, max_length=32)
    error: str | None = Field(default=None, sa_type=Text)
    attempts: int = Field(default=0)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BatchEvent(SQLModel, table=True):
    __tablename__ = "batch_event"
    __table_args__ = (UniqueConstraint("job_id", "seq", name="uq_batch_event_job_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(foreign_key="batch_job.id", index=True, ondelete="CASCADE", max_length=32)
    seq: int
    type: EventType = Field(sa_type=EnumText(EventType, 30), nullable=False)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Document(AccountOwned, table=True):
    __tablename__ = "document"
    __table_args__ = (Index("ix_document_account_created", "account_id", "created_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    job_id: str | None = Field(
        default=None, foreign_key="batch_job.id", index=True, ondelete="CASCADE", max_length=32
    )
    idem_key: str = Field(unique=True, max_length=200)
    filename: str = Field(default="", max_length=500)
    status: DocumentStatus = Field(sa_type=EnumText(DocumentStatus, 20), nullable=False)
    document_type: str = Field(default="UNKNOWN", max_length=40)
    pages: int = Field(default=0)
    size: int = Field(default=0)
    sha256: str = Field(default="", max_length=64)
    processing_ms: float = Field(default=0.0)
    error: str | None = Field(default=None, sa_type=Text)
    summary: str | None = Field(default=None, max_length=300)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    object_key: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    #: the parsed statement's ``meta.complete`` (``None``: nothing parsed, or not a statement)
    complete: bool | None = Field(default=None)
    incomplete_sections: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    #: pages read by OCR instead of a text layer
    ocr_pages: int = Field(default=0)
    #: milliseconds per stage that ran (``{"fetch_ms": 1.2, "open_ms": 3.1, ...}``; see
    #: :mod:`core.batch.timings`); absent for documents stored before, or not by a batch
    timings: dict[str, float] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class DocumentContent(SQLModel, table=True):
    __tablename__ = "document_content"

    document_id: str = Field(
        foreign_key="document.id", primary_key=True, ondelete="CASCADE", max_length=32
    )
    text: str = Field(default="", sa_type=Text)
    statement: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    search_text: str = Field(default="", sa_type=Text)
    #: where each page's text ends in ``text`` (offsets); absent for documents stored before
    page_ends: list[int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    #: the pages read by OCR and how well (``meta.ocr``'s shape), for any document type
    ocr: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
