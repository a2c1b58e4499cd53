"""Migration 0005 creates exactly the webhook tables of the models, and downgrades cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from core.db import dispose_engine, get_engine
from core.migrate import alembic_config
from core.settings import Settings

TABLES = {"webhook_endpoint", "webhook_delivery", "webhook_attempt"}


def _ours(obj: object, name: str | None, type_: str, _reflected: bool, _other: object) -> bool:
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in TABLES


def _tables(settings: Settings) -> set[str]:
    with get_engine(settings).connect() as conn:
        return set(inspect(conn).get_table_names())


def test_webhook_schema_matches_the_models(settings: Settings) -> None:
    with get_engine(settings).connect() as conn:
        assert set(inspect(conn).get_table_names()) >= TABLES
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _ours}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_downgrade_drops_only_the_webhook_tables(settings: Settings) -> None:
    url = settings.resolved_database_url()
    config = alembic_config(url)
    command.downgrade(config, "0005_webhooks")  # later revisions' tables go first
    dispose_engine(url)
    before = _tables(settings)
    command.downgrade(config, "0004_tags")
    dispose_engine(url)
    assert _tables(settings) == before - TABLES
    command.upgrade(config, "0005_webhooks")
    dispose_engine(url)
    assert _tables(settings) == before
    command.upgrade(config, "head")
    dispose_engine(url)
