"""Schema migrations (Alembic), applied at start-up and by ``python -m core.migrate``.

The Alembic environment lives in ``core/migrations``; a new table gets a new revision there
(``down_revision`` = the current head) and its module is imported in ``env.py``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from core.db import normalize_url
from core.settings import Settings, get_settings

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    """An Alembic configuration for ``url`` with no ``alembic.ini`` needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation treats "%" specially (URL-encoded passwords contain it).
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


def run_migrations(url: str) -> None:
    """Bring the database at ``url`` to the newest schema; a no-op when it is already there."""
    command.upgrade(alembic_config(url), "head")


def upgrade(settings: Settings | None = None) -> None:
    """Migrate the configured database (creating the SQLite folder when needed)."""
    settings = settings or get_settings()
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    run_migrations(settings.resolved_database_url())


def main() -> None:
    upgrade()
    print("database is up to date")


if __name__ == "__main__":
    main()
