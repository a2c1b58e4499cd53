"""Batch jobs, their items and progress events; stored documents with full-text search.

Revision ID: 0002_batch
Revises: 0001_accounts
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision: str = "0002_batch"
down_revision: str | None = "0001_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _account_id() -> sa.Column[Any]:
    return sa.Column(
        "account_id",
        sa.String(length=32),
        sa.ForeignKey("account.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _job_id(*, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(
        "job_id",
        sa.String(length=32),
        sa.ForeignKey("batch_job.id", ondelete="CASCADE"),
        nullable=nullable,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "batch_job",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False, index=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("principal_kind", sa.String(length=20), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_batch_job_account_created", "batch_job", ["account_id", "created_at"])
    op.create_table(
        "batch_item",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        _job_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=2048), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("ref", sa.String(length=2048), nullable=False),
        sa.Column("password_enc", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("document_id", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("job_id", "position", name="uq_batch_item_job_position"),
    )
    op.create_table(
        "batch_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _job_id(),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("job_id", "seq", name="uq_batch_event_job_seq"),
    )
    op.create_table(
        "document",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        _job_id(nullable=True),
        sa.Column("idem_key", sa.String(length=200), nullable=False, unique=True),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("document_type", sa.String(length=40), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("processing_ms", sa.Float(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("summary", sa.String(length=300), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("object_key", sa.String(length=300), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_document_account_created", "document", ["account_id", "created_at"])
    op.create_table(
        "document_content",
        sa.Column(
            "document_id",
            sa.String(length=32),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("statement", sa.JSON(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_document_content_fts ON document_content "
            "USING gin (to_tsvector('simple', search_text))"
        )
    else:  # SQLite: an FTS5 index kept in step by core.history.search
        op.execute(
            "CREATE VIRTUAL TABLE document_fts USING fts5("
            "search_text, document_id UNINDEXED, account_id UNINDEXED, tokenize='unicode61')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS document_fts")
    for table in ("document_content", "document", "batch_event", "batch_item", "batch_job"):
        op.drop_table(table)
