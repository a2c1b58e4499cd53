from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import Field, SQLModel, select

from core.accounts import prepare_accounts
from core.accounts.keys import create_key
from core.accounts.models import AccountOwned
from core.db import create_db_engine, dispose_engine, get_engine, session_scope
from core.migrate import run_migrations, upgrade
from core.settings import Settings

ACCOUNT_TABLES = {"account", "app_user", "api_key", "usage_log", "user_session", "login_throttle"}


def test_migrated_schema_matches_the_models(settings: Settings) -> None:
    run_migrations(settings.resolved_database_url())  # a second run is a no-op
    with get_engine(settings).connect() as conn:
        assert set(inspect(conn).get_table_names()) >= ACCOUNT_TABLES
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": _is_ours,
            },
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_upgrade_creates_the_default_sqlite_file(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "fresh", database_url="")
    upgrade(settings)
    engine = create_db_engine(settings.resolved_database_url())
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert set(inspect(conn).get_table_names()) >= ACCOUNT_TABLES
    engine.dispose()


class _Widget(AccountOwned, table=True):
    """What another package's owned table looks like (created here, not migrated)."""

    __tablename__ = "test_owned_widget"
    id: int | None = Field(default=None, primary_key=True)
    name: str


def test_account_owned_mixin_gives_a_foreign_key(settings: Settings) -> None:
    table = _Widget.__table__  # type: ignore[attr-defined]
    [fk] = table.c.account_id.foreign_keys
    assert fk.target_fullname == "account.id" and table.c.account_id.index
    table.create(get_engine(settings), checkfirst=True)
    info, _ = create_key("owner", 1, settings=settings)
    with session_scope(settings) as session:
        session.add(_Widget(account_id=info.account_id, name="w"))
    with session_scope(settings) as session:
        assert session.exec(select(_Widget).where(_Widget.account_id == info.account_id)).one()


def _is_ours(obj: object, name: str | None, type_: str, _reflected: bool, _other: object) -> bool:
    """Other packages' tables are theirs to test."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in ACCOUNT_TABLES


def test_prepare_accounts_on_a_fresh_data_dir(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "new", database_url="")
    prepare_accounts(settings)
    prepare_accounts(settings)  # every start-up runs it
    info, _ = create_key("after start-up", 1, settings=settings)
    assert info.credits_limit == 1
    dispose_engine(settings.resolved_database_url())
