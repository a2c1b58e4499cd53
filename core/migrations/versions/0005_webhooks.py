"""Webhook endpoints (sealed secrets, rotation overlap, disabling), the outbox of deliveries,
and each delivery's attempts.

Revision ID: 0005_webhooks
Revises: 0004_tags
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision: str = "0005_webhooks"
down_revision: str | None = "0004_tags"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _account_id() -> sa.Column[str]:
    return sa.Column(
        "account_id",
        sa.String(length=32),
        sa.ForeignKey("account.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "webhook_endpoint",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("secret_enc", sa.Text(), nullable=False),
        sa.Column("previous_secret_enc", sa.Text(), nullable=True),
        sa.Column("previous_until", UTCDateTime(), nullable=True),
        sa.Column("disabled_at", UTCDateTime(), nullable=True),
        sa.Column("disabled_reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "webhook_delivery",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column(
            "endpoint_id",
            sa.String(length=32),
            sa.ForeignKey("webhook_endpoint.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("message_id", sa.String(length=40), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("claim", sa.String(length=32), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("response_code", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_webhook_delivery_due", "webhook_delivery", ["status", "next_attempt_at"])
    op.create_index(
        "ix_webhook_delivery_endpoint_created", "webhook_delivery", ["endpoint_id", "created_at"]
    )
    op.create_table(
        "webhook_attempt",
        _account_id(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "delivery_id",
            sa.String(length=32),
            sa.ForeignKey("webhook_delivery.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("response_code", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("webhook_attempt")
    op.drop_index("ix_webhook_delivery_endpoint_created", table_name="webhook_delivery")
    op.drop_index("ix_webhook_delivery_due", table_name="webhook_delivery")
    op.drop_table("webhook_delivery")
    op.drop_table("webhook_endpoint")
