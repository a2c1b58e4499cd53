"""Tags of an account, tags on stored documents (with source and confidence), documents whose
tags the user confirmed, each account's trained tag classifier, and the LLM tagger's calls.

Revision ID: 0004_tags
Revises: 0003_account_credits
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision: str = "0004_tags"
down_revision: str | None = "0003_account_credits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _account_id(*, primary_key: bool = False) -> sa.Column[Any]:
    return sa.Column(
        "account_id",
        sa.String(length=32),
        sa.ForeignKey("account.id", ondelete="CASCADE"),
        nullable=False,
        index=not primary_key,
        primary_key=primary_key,
    )


def upgrade() -> None:
    op.create_table(
        "tag",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("match_algorithm", sa.String(length=10), nullable=False),
        sa.Column("match", sa.String(length=500), nullable=False),
        sa.Column("case_sensitive", sa.Boolean(), nullable=False),
        sa.Column("auto_assign", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("account_id", "name", name="uq_tag_account_name"),
    )
    op.create_table(
        "document_tag",
        _account_id(),
        sa.Column(
            "document_id",
            sa.String(length=32),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "tag_id",
            sa.String(length=32),
            sa.ForeignKey("tag.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "tag_review",
        _account_id(),
        sa.Column(
            "document_id",
            sa.String(length=32),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("reviewed_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "tag_model",
        _account_id(primary_key=True),
        sa.Column("sklearn_version", sa.String(length=40), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("model", sa.LargeBinary(), nullable=False),
        sa.Column("trained_at", UTCDateTime(), nullable=False),
    )

    op.create_table(
        "llm_call",
        _account_id(),
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("llm_call")
    op.drop_table("tag_model")
    op.drop_table("tag_review")
    op.drop_table("document_tag")
    op.drop_table("tag")
