"""Migration 0007 creates exactly the tables of the retrieval models, and downgrades cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import core.retrieval.models  # noqa: F401  (the table's model)
from core.db import dispose_engine, get_engine
from core.migrate import alembic_config
from core.settings import Settings

TABLES = {"cdsl_fetch_session", "download_file"}


def _ours(obj: object, name: str | None, type_: str, _reflected: bool, _other: object) -> bool:
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in TABLES


def _tables(settings: Settings) -> set[str]:
    with get_engine(settings).connect() as conn:
        return set(inspect(conn).get_table_names())


def test_the_schema_matches_the_model(settings: Settings) -> None:
    with get_engine(settings).connect() as conn:
        assert set(inspect(conn).get_table_names()) >= TABLES
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _ours}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_downgrade_drops_only_the_retrieval_tables(settings: Settings) -> None:
    config = alembic_config(settings.resolved_database_url())
    previous = ScriptDirectory.from_config(config).get_revision("0007").down_revision
    assert isinstance(previous, str)
    command.downgrade(config, "0007")  # later revisions' tables go first
    dispose_engine(settings.resolved_database_url())
    before = _tables(settings)
    command.downgrade(config, previous)
    dispose_engine(settings.resolved_database_url())
    assert _tables(settings) == before - TABLES
    command.upgrade(config, "head")
    dispose_engine(settings.resolved_database_url())
    assert _tables(settings) >= before
