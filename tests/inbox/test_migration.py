"""Migration 0008 creates exactly the tables of the inbox and inbound-email models (on SQLite
and PostgreSQL), and downgrades cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from core.db import dispose_engine, get_engine
from core.migrate import alembic_config
from core.settings import Settings
from tests.accounts.conftest import (  # noqa: F401  (fixtures)
    _no_default_settings,
    database_url,
)

TABLES = {"inbox_connection", "inbox_consent", "mail_file", "inbound_address"}


def _ours(obj: object, name: str | None, type_: str, _reflected: bool, _other: object) -> bool:
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in TABLES


def _tables(settings: Settings) -> set[str]:
    with get_engine(settings).connect() as conn:
        return set(inspect(conn).get_table_names())


def test_schema_matches_the_models_and_downgrades(database_url: str, tmp_path: Path) -> None:  # noqa: F811
    settings = Settings(database_url=database_url, data_dir=tmp_path)  # type: ignore[call-arg]
    with get_engine(settings).connect() as conn:
        assert set(inspect(conn).get_table_names()) >= TABLES
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _ours}
        )
        assert compare_metadata(context, SQLModel.metadata) == []
    config = alembic_config(database_url)
    previous = ScriptDirectory.from_config(config).get_revision("0008").down_revision
    assert isinstance(previous, str)
    command.downgrade(config, "0008")  # later revisions' tables go first
    dispose_engine(database_url)
    before = _tables(settings)
    command.downgrade(config, previous)
    dispose_engine(database_url)
    assert _tables(settings) == before - TABLES
    command.upgrade(config, "0008")
    dispose_engine(database_url)
    assert _tables(settings) == before
    command.upgrade(config, "head")
    dispose_engine(database_url)
