"""Migration 0004 creates exactly the tagging tables of the models, and downgrades cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from core.db import dispose_engine, get_engine
from core.migrate import alembic_config
from core.settings import Settings

TABLES = {"tag", "document_tag", "tag_review", "tag_model", "llm_call"}
#: tables of later revisions, which a downgrade below 0004 drops as well


def _ours(obj: object, name: str | None, type_: str, _reflected: bool, _other: object) -> bool:
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in TABLES


def _tables(settings: Settings) -> set[str]:
    with get_engine(settings).connect() as conn:
        return set(inspect(conn).get_table_names())


def test_tagging_schema_matches_the_models(settings: Settings) -> None:
    with get_engine(settings).connect() as conn:
        assert set(inspect(conn).get_table_names()) >= TABLES
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _ours}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_downgrade_drops_only_the_tagging_tables(settings: Settings) -> None:
    config = alembic_config(settings.resolved_database_url())
    command.downgrade(config, "0004_tags")  # later revisions' tables go first
    dispose_engine(settings.resolved_database_url())
    before = _tables(settings)
    command.downgrade(config, "0003_account_credits")
    dispose_engine(settings.resolved_database_url())
    assert _tables(settings) == before - TABLES
    command.upgrade(config, "0004_tags")
    dispose_engine(settings.resolved_database_url())
    assert _tables(settings) == before
    command.upgrade(config, "head")
    dispose_engine(settings.resolved_database_url())
