"""An LLM tagger call names the document it tagged and keeps the new tags it suggested, so a
document's tags come with their suggestions and the tokens and cost of the calls behind them;
a document's content keeps where each page's text ends and its OCR summary (any document type).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("document_content") as batch:
        batch.add_column(sa.Column("page_ends", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("ocr", sa.JSON(), nullable=True))
    with op.batch_alter_table("llm_call") as batch:
        batch.add_column(sa.Column("document_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("suggested", sa.JSON(), nullable=False, server_default="[]"))
        batch.create_index("ix_llm_call_document_id", ["document_id"])


def downgrade() -> None:
    with op.batch_alter_table("llm_call") as batch:
        batch.drop_index("ix_llm_call_document_id")
        batch.drop_column("suggested")
        batch.drop_column("document_id")
    with op.batch_alter_table("document_content") as batch:
        batch.drop_column("ocr")
        batch.drop_column("page_ends")
