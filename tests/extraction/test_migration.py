"""Migration 0006 creates exactly the extraction and review tables of the models, and
downgrades cleanly to the revision below it."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from core.db import dispose_engine, get_engine
from core.migrate import alembic_config
from core.settings import Settings
from tests.batch.conftest import (  # noqa: F401  (fixtures)
    _no_default_settings,
    database_url,
    settings,
)

TABLES = {"workflow", "workflow_version", "extraction_job"}
REVISION = "0006"


def _ours(obj: object, name: str | None, type_: str, _reflected: bool, _other: object) -> bool:
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in TABLES


def _tables(settings: Settings) -> set[str]:  # noqa: F811
    with get_engine(settings).connect() as conn:
        return set(inspect(conn).get_table_names())


def test_extraction_schema_matches_the_models(settings: Settings) -> None:  # noqa: F811
    with get_engine(settings).connect() as conn:
        assert set(inspect(conn).get_table_names()) >= TABLES
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _ours}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_downgrade_drops_only_the_extraction_tables(settings: Settings) -> None:  # noqa: F811
    url = settings.resolved_database_url()
    config = alembic_config(url)
    below = ScriptDirectory.from_config(config).get_revision(REVISION).down_revision
    assert isinstance(below, str)
    command.downgrade(config, REVISION)  # later revisions' tables go first
    dispose_engine(url)
    before = _tables(settings)
    command.downgrade(config, below)
    dispose_engine(url)
    assert _tables(settings) == before - TABLES
    command.upgrade(config, "head")
    dispose_engine(url)
    assert _tables(settings) >= before
