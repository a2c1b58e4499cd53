"""Accounts: accounts, users, API keys with credits, usage log, user sessions, login failures.

Revision ID: 0001_accounts
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision: str = "0001_accounts"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id(name: str = "id") -> sa.Column[Any]:
    return sa.Column(name, sa.String(length=32), primary_key=True)


def _account_id() -> sa.Column[Any]:
    return sa.Column(
        "account_id",
        sa.String(length=32),
        sa.ForeignKey("account.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _created_at() -> sa.Column[Any]:
    return sa.Column("created_at", UTCDateTime(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "account",
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        _created_at(),
    )
    op.create_table(
        "app_user",
        _account_id(),
        _id(),
        sa.Column("email", sa.String(length=320), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        _created_at(),
    )
    op.create_table(
        "api_key",
        _account_id(),
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=64), nullable=False, unique=True),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("secret_hash", sa.String(length=128), nullable=False),
        sa.Column("mask_head", sa.String(length=4), nullable=False),
        sa.Column("mask_tail", sa.String(length=4), nullable=False),
        sa.Column("is_bootstrap", sa.Boolean(), nullable=False),
        sa.Column("limit_milli", sa.BigInteger(), nullable=False),
        sa.Column("used_milli", sa.BigInteger(), nullable=False),
        sa.Column("unlimited", sa.Boolean(), nullable=False),
        sa.Column("resets_at", UTCDateTime(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column(
            "created_by_user_id",
            sa.String(length=32),
            sa.ForeignKey("app_user.id", ondelete="SET NULL"),
            nullable=True,
        ),
        _created_at(),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "usage_log",
        _account_id(),
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "key_id",
            sa.String(length=32),
            sa.ForeignKey("api_key.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("request_id", sa.String(length=80), nullable=False),
        sa.Column("feature", sa.String(length=80), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("credits_milli", sa.BigInteger(), nullable=False),
        _created_at(),
    )
    op.create_index("ix_usage_log_account_created", "usage_log", ["account_id", "created_at"])
    op.create_table(
        "user_session",
        _id(),
        sa.Column(
            "user_id",
            sa.String(length=32),
            sa.ForeignKey("app_user.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("refresh_jti", sa.String(length=32), nullable=False),
        _created_at(),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        _created_at(),
    )
    op.create_index("ix_login_failure_email_created", "login_failure", ["email", "created_at"])


def downgrade() -> None:
    for table in ("login_failure", "user_session", "usage_log", "api_key", "app_user", "account"):
        op.drop_table(table)
