"""What a stored document's parse found beyond its type: whether the statement's printed totals
reconciled (``complete``, ``incomplete_sections``) and how many pages were read by OCR.

Revision ID: 0010
Revises: 0004_tags
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("complete", sa.Boolean(), nullable=True))
        batch.add_column(
            sa.Column("incomplete_sections", sa.JSON(), nullable=False, server_default="[]")
        )
        batch.add_column(sa.Column("ocr_pages", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("ocr_pages")
        batch.drop_column("incomplete_sections")
        batch.drop_column("complete")
