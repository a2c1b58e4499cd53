"""What a server process does once before serving: schema up to date, crashed calls refunded."""

from __future__ import annotations

from datetime import timedelta

from core.accounts.credits import refund_stale_reservations
from core.migrate import upgrade
from core.settings import Settings, get_settings


def prepare_accounts(settings: Settings | None = None) -> None:
    """Migrate the database and refund calls left in flight (an hour old) by a dead process.

    Safe to run from several processes at once (PostgreSQL migrations take an advisory lock;
    refunds claim each row with a conditional update).
    """
    settings = settings or get_settings()
    upgrade(settings)
    refund_stale_reservations(timedelta(hours=1), settings=settings)
