"""CDSL fetch sessions and files kept for download links (``core.retrieval.models``).

Revision ID: 0007
Revises: 0004_tags
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0005_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cdsl_fetch_session",
        sa.Column(
            "account_id",
            sa.String(length=32),
            sa.ForeignKey("account.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sealed_state", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_cdsl_fetch_session_expires_at", "cdsl_fetch_session", ["expires_at"])
    op.create_table(
        "download_file",
        sa.Column(
            "account_id",
            sa.String(length=32),
            sa.ForeignKey("account.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("object_key", sa.String(length=300), primary_key=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_download_file_expires_at", "download_file", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_download_file_expires_at", table_name="download_file")
    op.drop_table("download_file")
    op.drop_index("ix_cdsl_fetch_session_expires_at", table_name="cdsl_fetch_session")
    op.drop_table("cdsl_fetch_session")
