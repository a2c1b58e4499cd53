from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlmodel import Field, SQLModel, select

from core.accounts import prepare_accounts
from core.accounts.clock import next_reset
from core.accounts.keys import create_key
from core.accounts.models import AccountOwned
from core.db import create_db_engine, dispose_engine, get_engine, session_scope, utcnow
from core.migrate import alembic_config, run_migrations, upgrade
from core.settings import Settings
from tests.services import create_postgres_database, drop_postgres_database

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


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A database of its own, not migrated yet."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
        yield url
        dispose_engine(url)
        return
    name, url = create_postgres_database()
    try:
        yield url
    finally:
        dispose_engine(url)
        drop_postgres_database(name)


def _old_key(conn: Connection, account: str, limit: int, used: int, **extra: Any) -> None:
    """A key row as revision 0002 stored it, with its own balance."""
    values = {
        "id": uuid.uuid4().hex,
        "account_id": account,
        "name": "k",
        "prefix": "cg_" + uuid.uuid4().hex[:12],
        "salt": "00",
        "secret_hash": "00",
        "mask_head": "cg_a",
        "mask_tail": "zzzz",
        "is_bootstrap": False,
        "limit_milli": limit,
        "used_milli": used,
        "unlimited": False,
        "resets_at": next_reset(utcnow()),
        "features": json.dumps(["batch"]),
        "created_at": utcnow(),
        **extra,
    }
    columns = ", ".join(values)
    conn.execute(
        text(f"INSERT INTO api_key ({columns}) VALUES ({', '.join(':' + c for c in values)})"),
        values,
    )


def test_balances_move_from_keys_to_accounts(empty_database: str) -> None:
    config = alembic_config(empty_database)
    command.upgrade(config, "0002_batch")
    engine = create_db_engine(empty_database, pooled=False)
    accounts = {name: uuid.uuid4().hex for name in ("minted", "operator", "keyless", "stale")}
    with engine.begin() as conn:
        for name, account_id in accounts.items():
            conn.execute(
                text("INSERT INTO account (id, name, created_at) VALUES (:id, :name, :at)"),
                {"id": account_id, "name": name, "at": utcnow()},
            )
        # one account that minted 100-credit keys from a 3-credit one, one revoked
        _old_key(conn, accounts["minted"], 3_000, 2_000)
        _old_key(conn, accounts["minted"], 100_000, 40_000)
        _old_key(conn, accounts["minted"], 100_000, 5_000, revoked_at=utcnow())
        _old_key(conn, accounts["operator"], 0, 7_000, unlimited=True, is_bootstrap=True)
        # spending of a period that is over no longer counts
        last_month = datetime(2000, 1, 1, tzinfo=UTC)
        _old_key(conn, accounts["stale"], 10_000, 9_000, resets_at=last_month)

    command.upgrade(config, "head")
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, limit_milli, used_milli, unlimited, resets_at FROM account")
        ).all()
        assert "limit_milli" not in {c["name"] for c in inspect(conn).get_columns("api_key")}
    balances = {row[0]: tuple(row[1:4]) for row in rows}
    assert balances[accounts["minted"]] == (100_000, 47_000, False)  # the largest, not the sum
    assert balances[accounts["operator"]] == (0, 7_000, True)
    assert balances[accounts["keyless"]] == (0, 0, False)
    assert balances[accounts["stale"]] == (10_000, 0, False)

    command.downgrade(config, "0002_batch")  # every key gets its account's limit back
    with engine.connect() as conn:
        limits = conn.execute(
            text("SELECT DISTINCT limit_milli FROM api_key WHERE account_id = :a"),
            {"a": accounts["minted"]},
        ).all()
    assert limits == [(100_000,)]
    command.upgrade(config, "head")
    engine.dispose()
