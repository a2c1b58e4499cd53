"""Throttling of failed logins: after N failures for one email within a sliding window, logins
for it are refused until the oldest counted failure leaves the window.

Kept in the database, so every server process sees the same count without Redis.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import col, select

from core.accounts.models import LoginFailure
from core.db import session_scope, utcnow
from core.errors import RateLimited
from core.settings import Settings


def check_login_allowed(email: str, settings: Settings) -> None:
    """``RateLimited`` (with ``retry_after`` seconds) when ``email`` has too many failures."""
    now = utcnow()
    window = timedelta(seconds=settings.login_failure_window_seconds)
    with session_scope(settings) as session:
        times = session.exec(
            select(LoginFailure.created_at)
            .where(LoginFailure.email == email, col(LoginFailure.created_at) > now - window)
            .order_by(col(LoginFailure.created_at))
        ).all()
    excess = len(times) - settings.login_max_failures
    if excess < 0:
        return
    # the count falls below the limit once this many of the oldest failures have expired
    frees_at = times[excess] + window
    retry_after = max(1, math.ceil((frees_at - now).total_seconds()))
    raise RateLimited(
        f"Too many failed sign-in attempts; try again in {retry_after} seconds",
        retry_after=retry_after,
    )


def record_login_failure(email: str, settings: Settings) -> None:
    now = utcnow()
    window = timedelta(seconds=settings.login_failure_window_seconds)
    with session_scope(settings) as session:
        session.execute(
            delete(LoginFailure).where(
                col(LoginFailure.email) == email, col(LoginFailure.created_at) <= now - window
            )
        )
        session.add(LoginFailure(email=email, created_at=now))


def clear_login_failures(email: str, settings: Settings) -> None:
    with session_scope(settings) as session:
        session.execute(delete(LoginFailure).where(col(LoginFailure.email) == email))
