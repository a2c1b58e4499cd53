"""Mailbox import (connections, OAuth consents in progress), forward-to addresses, and the
statement files that came through either.

Revision ID: 0008
Revises: 0005_webhooks (0004_tags before the webhooks merge; the integrator re-chains)
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
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


def upgrade() -> None:
    op.create_table(
        "inbox_connection",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("provider", sa.String(length=10), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("secret_enc", sa.Text(), nullable=False),
        sa.Column("imap_host", sa.String(length=255), nullable=False),
        sa.Column("imap_port", sa.Integer(), nullable=False),
        sa.Column("imap_user", sa.String(length=320), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "inbox_consent",
        _account_id(),
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("provider", sa.String(length=10), nullable=False),
        sa.Column("redirect_uri", sa.String(length=2048), nullable=False),
        sa.Column("client_state", sa.String(length=1024), nullable=False),
        sa.Column("verifier_enc", sa.Text(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "mail_file",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("cas_type", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("original_filename", sa.String(length=500), nullable=False),
        sa.Column("sender_email", sa.String(length=320), nullable=False),
        sa.Column("message_date", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("object_key", sa.String(length=300), nullable=False),
        sa.Column("document_id", sa.String(length=32), nullable=True),
        sa.Column("parse_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint(
            "source_id", "message_id", "sha256", name="uq_mail_file_source_message"
        ),
    )
    op.create_index("ix_mail_file_source_date", "mail_file", ["source_id", "message_date"])
    op.create_table(
        "inbound_address",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("local_part", sa.String(length=64), nullable=False, unique=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("allowed_sources", sa.JSON(), nullable=False),
        sa.Column("callback_url", sa.String(length=2048), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("reference", sa.String(length=255), nullable=False),
        sa.Column("password_enc", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("inbound_address")
    op.drop_index("ix_mail_file_source_date", table_name="mail_file")
    op.drop_table("mail_file")
    op.drop_table("inbox_consent")
    op.drop_table("inbox_connection")
