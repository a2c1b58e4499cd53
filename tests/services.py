"""The machine's PostgreSQL and Redis for tests: a fresh database or key prefix per use.

Defaults are this machine's servers (override with ``CASGATE_TEST_POSTGRES_URL`` /
``CASGATE_TEST_REDIS_URL``); a test that needs one that does not answer is skipped with the
reason.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
import redis
from psycopg import sql

POSTGRES_ADMIN_URL = os.environ.get(
    "CASGATE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("CASGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def create_postgres_database() -> tuple[str, str]:
    """``(name, url)`` of a new uniquely named database, or skip when PostgreSQL is down."""
    name = f"casgate_test_{secrets.token_hex(6)}"
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {POSTGRES_ADMIN_URL} is not answering: {exc}")
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return name, f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"


def drop_postgres_database(name: str) -> None:
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a fresh database, dropped afterwards."""
    name, url = create_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database(name)


@contextmanager
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
