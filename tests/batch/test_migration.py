"""Migration 0002 creates exactly the batch and history tables of the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from core.db import get_engine
from core.settings import Settings

TABLES = {"batch_job", "batch_item", "batch_event", "document", "document_content"}


def _ours(obj: object, name: str | None, type_: str, _reflected: bool, _other: object) -> bool:
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    if type_ == "index" and name == "ix_document_content_fts":
        return False  # PostgreSQL's expression index for full-text search, not in the models
    return table in TABLES


def test_batch_schema_matches_the_models(settings: Settings) -> None:
    with get_engine(settings).connect() as conn:
        names = set(inspect(conn).get_table_names())
        assert names >= TABLES
        if conn.dialect.name == "sqlite":
            assert "document_fts" in names
        else:
            indexes = {i["name"] for i in inspect(conn).get_indexes("document_content")}
            assert "ix_document_content_fts" in indexes
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _ours}
        )
        assert compare_metadata(context, SQLModel.metadata) == []
