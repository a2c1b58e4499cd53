"""Fixtures: a migrated database per backend (SQLite file, and a fresh PostgreSQL database),
settings pointing at it, and a Redis key prefix that is cleaned up afterwards.

PostgreSQL and Redis default to this machine's servers (override with
``CASGATE_TEST_POSTGRES_URL`` / ``CASGATE_TEST_REDIS_URL``); when one does not answer, the
tests that need it are skipped with the reason.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from psycopg import sql

from core.accounts.auth import authenticate
from core.accounts.keys import ApiKeyInfo, create_key
from core.accounts.principal import Principal
from core.db import dispose_engine
from core.migrate import run_migrations
from core.settings import Settings, get_settings

POSTGRES_ADMIN_URL = os.environ.get(
    "CASGATE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("CASGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _create_postgres_database() -> tuple[str, str]:
    """``(name, url)`` of a new uniquely named database, or skip when PostgreSQL is down."""
    name = f"casgate_test_{secrets.token_hex(6)}"
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {POSTGRES_ADMIN_URL} is not answering: {exc}")
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return name, f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"


def _drop_postgres_database(name: str) -> None:
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database of each backend, shared by the tests of a session.

    Tests stay independent by creating their own accounts and keys (ids are random).
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'casgate.db'}"
        run_migrations(url)
        yield url
        dispose_engine(url)
        return
    name, url = _create_postgres_database()
    try:
        run_migrations(url)
        yield url
    finally:
        dispose_engine(url)
        _drop_postgres_database(name)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        redis_url="",
        bootstrap_api_key="",
        jwt_secret="",
    )


@pytest.fixture
def key(settings: Settings) -> tuple[ApiKeyInfo, str]:
    """A fresh key with 10 credits in an account of its own."""
    return create_key("test key", 10, settings=settings)


@pytest.fixture
def principal(key: tuple[ApiKeyInfo, str], settings: Settings) -> Principal:
    """The caller presenting ``key``."""
    return authenticate(key[1], None, settings=settings)


@pytest.fixture
def redis_prefix() -> Iterator[tuple[str, str]]:
    """``(redis_url, prefix)``: a unique key prefix, every key under it deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        client.close()
        pytest.skip(f"Redis at {REDIS_URL} is not answering: {exc}")
    prefix = f"casgate_test_{secrets.token_hex(6)}:"
    try:
        yield REDIS_URL, prefix
    finally:
        for name in client.scan_iter(match=prefix + "*"):
            client.delete(name)
        client.close()


@pytest.fixture(autouse=True)
def _no_default_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A call that forgets ``settings=`` must not touch ``./var``: it gets an empty folder
    (and fails loudly on the unmigrated database there)."""
    monkeypatch.setenv("CASGATE_DATA_DIR", str(tmp_path / "default-settings"))
    monkeypatch.delenv("CASGATE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
