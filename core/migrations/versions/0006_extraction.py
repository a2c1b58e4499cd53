"""Extraction and review: workflows with every version kept, and the jobs of both.

Revision ID: 0006
Revises: 0005_webhooks
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0008"  # chained after the inbox revision
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _account_id() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "account_id",
        sa.String(length=32),
        sa.ForeignKey("account.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "workflow",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "workflow_version",
        sa.Column(
            "workflow_id",
            sa.String(length=32),
            sa.ForeignKey("workflow.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "extraction_job",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False, index=True),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("workflow_id", sa.String(length=32), nullable=True),
        sa.Column("workflow_version", sa.Integer(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_status", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
    )
    op.create_index(
        "ix_extraction_job_account_created", "extraction_job", ["account_id", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_extraction_job_account_created", table_name="extraction_job")
    op.drop_table("extraction_job")
    op.drop_table("workflow_version")
    op.drop_table("workflow")
