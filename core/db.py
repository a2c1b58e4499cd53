"""Database engine and sessions: a SQLite file by default, PostgreSQL (psycopg 3) in production.

Every module that stores rows gets its engine from :func:`get_engine` and its sessions from
:func:`session_scope`; nothing else in ``core`` opens connections.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import DateTime, Engine, String, Table, create_engine, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel

from core.private_files import private_file
from core.settings import Settings, get_settings

E = TypeVar("E", bound=StrEnum)
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones, so values are stored as naive UTC
    (one fixed text format, which keeps string comparisons in SQL correct) and come back aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class EnumText(TypeDecorator[E]):
    """A ``StrEnum`` kept as its value in a plain string column: no database enum type to
    migrate, rows read back as members, and a value outside the enum is refused on write."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


def normalize_url(url: str) -> str:
    """Route plain ``postgresql://`` URLs to psycopg 3, the only PostgreSQL driver installed."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_db_engine(
    url: str, *, sqlite_busy_timeout_ms: int = 30000, pooled: bool = True
) -> Engine:
    """A new engine for ``url``; SQLite gets WAL and a busy timeout so concurrent writers wait.

    ``pooled=False`` opens a fresh connection each time (migrations, one-off commands).
    """
    url = normalize_url(url)
    parsed = make_url(url)
    pooling: dict[str, Any] = (
        {"pool_size": 10, "max_overflow": 20, "pool_timeout": 60}
        if pooled
        else {"poolclass": NullPool}
    )
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **pooling)

    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": sqlite_busy_timeout_ms / 1000},
        **pooling,
    )

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
        # The driver's default ("legacy") transaction control only opens a transaction at the
        # first INSERT/UPDATE/DELETE, so a write never has to upgrade a read snapshot, the case
        # where SQLite answers "database is locked" at once instead of waiting. Every atomic step
        # in core is a single conditional UPDATE, so repeatable reads are not needed.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(sqlite_busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        if database and database != ":memory:" and not database.startswith("file:"):
            # password and key hashes, statements: owner-only, whatever the umask
            for suffix in ("", "-wal", "-shm"):
                private_file(Path(database + suffix))

    return engine


def get_engine(settings: Settings | None = None) -> Engine:
    """The process-wide engine of ``settings`` (one per database URL)."""
    settings = settings or get_settings()
    url = normalize_url(settings.resolved_database_url())
    engine = _engines.get(url)
    if engine is None:
        with _engines_lock:
            engine = _engines.get(url)
            if engine is None:
                engine = create_db_engine(
                    url, sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms
                )
                _engines[url] = engine
    return engine


def dispose_engine(url: str) -> None:
    """Close the pooled connections of one database (tests drop databases afterwards)."""
    with _engines_lock:
        engine = _engines.pop(normalize_url(url), None)
    if engine is not None:
        engine.dispose()


@contextmanager
def session_scope(settings: Settings | None = None) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    with Session(get_engine(settings), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def table(model: type[SQLModel]) -> Table:
    """A model's Core table, for the plain statements of hot write paths (the ORM's unit of
    work costs about a millisecond a statement, held inside SQLite's write lock)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def utcnow() -> datetime:
    """The current time, aware, in UTC (the only kind of datetime stored)."""
    return datetime.now(UTC)
