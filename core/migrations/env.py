"""Alembic environment: runs migrations online against ``sqlalchemy.url``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

import core.accounts.models
import core.batch.models
import core.extraction.models
import core.inbound.models
import core.inbox.models
import core.retrieval.models
import core.review.models
import core.tagging.models
import core.webhooks.models  # noqa: F401
from core.db import create_db_engine

config = context.config
target_metadata = SQLModel.metadata

# Any fixed number shared by every process: concurrent start-ups migrate one at a time.
_PG_LOCK_ID = 0x63617367  # "casg"


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    engine = create_db_engine(url, pooled=False)
    with engine.connect() as connection:
        is_pg = connection.dialect.name == "postgresql"
        if is_pg:
            connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": _PG_LOCK_ID})
            connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == "sqlite",  # SQLite has little ALTER
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if is_pg:
                connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": _PG_LOCK_ID})
                connection.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run them online")
run_migrations_online()
