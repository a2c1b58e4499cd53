"""Fixtures: a migrated database per backend (SQLite file, and a fresh PostgreSQL database),
settings pointing at it, and a Redis key prefix that is cleaned up afterwards.

PostgreSQL and Redis default to this machine's servers (override with
``CASGATE_TEST_POSTGRES_URL`` / ``CASGATE_TEST_REDIS_URL``); when one does not answer, the
tests that need it are skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.accounts.auth import authenticate
from core.accounts.keys import ApiKeyInfo, create_key
from core.accounts.principal import Principal
from core.db import dispose_engine
from core.migrate import run_migrations
from core.settings import Settings, get_settings
from tests.services import create_postgres_database, drop_postgres_database
from tests.services import redis_prefix as shared_redis_prefix


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
    name, url = create_postgres_database()
    try:
        run_migrations(url)
        yield url
    finally:
        dispose_engine(url)
        # forcibly: the batch tests' worker processes, kept warm from test to test (see
        # ``tests/batch/conftest.py``), may still hold connections to it
        drop_postgres_database(name)


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
    with shared_redis_prefix() as value:
        yield value


@pytest.fixture(autouse=True)
def _no_default_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A call that forgets ``settings=`` must not touch ``./var``: it gets an empty folder
    (and fails loudly on the unmigrated database there)."""
    monkeypatch.setenv("CASGATE_DATA_DIR", str(tmp_path / "default-settings"))
    monkeypatch.delenv("CASGATE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
