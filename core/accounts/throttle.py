"""Throttling of sign-ins: exponential backoff per scope, counted before the password is checked.

Three scopes count failures: the pair (email, client address), the client address alone (one
client trying many emails) and the email alone (many clients trying one email). Each allows a
number of free failures, then one attempt per delay that doubles with every further failure,
up to a cap: the pair's and the client's start at ``login_backoff_seconds`` and stop at the
window; the email's start at one second and stop early (``login_email_max_delay_seconds``), so
that no one can lock an owner out for long from elsewhere. A client that signed in to the email
before is not held by the email's backoff at all, only by its own. Counts are forgotten after a
window without attempts.

Every attempt is counted *before* the password is checked, by a conditional UPDATE
(``failures < free OR next_at <= now``) whose row lock serialises concurrent attempts; a
success then clears the pair and the email and gives the client its attempt back. So a burst of
concurrent wrong passwords gets exactly the free attempts through, never more.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from core.accounts.models import LoginThrottle
from core.db import session_scope, table, utcnow
from core.errors import RateLimited
from core.settings import Settings


@dataclass(frozen=True)
class Scope:
    """One throttled scope: its hashed name, free failures, first delay and the delay's cap."""

    key: str
    free: int
    base_seconds: int
    cap_seconds: int


@dataclass(frozen=True)
class LoginScopes:
    pair: Scope
    client: Scope
    email: Scope


def login_scopes(email: str, client: str, settings: Settings) -> LoginScopes:
    window, base = settings.login_failure_window_seconds, settings.login_backoff_seconds
    return LoginScopes(
        pair=Scope(_hashed(f"pair\0{email}\0{client}"), settings.login_max_failures, base, window),
        client=Scope(
            _hashed(f"client\0{client}"), settings.login_client_max_failures, base, window
        ),
        email=Scope(
            _hashed(f"email\0{email}"),
            settings.login_email_max_failures,
            1,
            settings.login_email_max_delay_seconds,
        ),
    )


def claim_login_attempt(scopes: LoginScopes, settings: Settings) -> None:
    """Count one attempt in every scope, or raise ``RateLimited`` (with ``retry_after``
    seconds) and count nothing when one of them is in its backoff."""
    now = utcnow()
    forget_before = now - timedelta(seconds=settings.login_failure_window_seconds)
    known_since = now - timedelta(days=settings.jwt_refresh_days)
    with session_scope(settings) as session:
        for scope in (scopes.pair, scopes.client, scopes.email):
            _ensure_row(session, scope.key, now)
        pair = session.get(LoginThrottle, scopes.pair.key, populate_existing=True)
        known = pair is not None and pair.succeeded_at is not None
        known = known and pair.succeeded_at > known_since  # type: ignore[union-attr,operator]
        held = [scopes.pair, scopes.client] + ([] if known else [scopes.email])
        for scope in held:
            blocked_until = _claim(session, scope, now, forget_before)
            if blocked_until is not None:
                retry_after = max(1, math.ceil((blocked_until - now).total_seconds()))
                raise RateLimited(
                    f"Too many failed sign-in attempts; try again in {retry_after} seconds",
                    retry_after=retry_after,
                )


def record_login_success(scopes: LoginScopes, settings: Settings) -> None:
    """The attempt was the owner's: clear the pair and the email, and give the client back
    the attempt counted for it (its other failures stay: logging in to one's own account must
    not reset a client that sprays others)."""
    now = utcnow()
    throttle = table(LoginThrottle)
    cleared = {"failures": 0, "next_at": now, "updated_at": now}
    # rows are locked in the order claim_login_attempt takes them: pair, client, email
    with session_scope(settings) as session:
        session.execute(
            update(throttle)
            .where(throttle.c.scope == scopes.pair.key)
            .values(**cleared, succeeded_at=now)
        )
        session.execute(
            update(throttle)
            .where(throttle.c.scope == scopes.client.key, throttle.c.failures > 0)
            .values(failures=throttle.c.failures - 1)
        )
        session.execute(
            update(throttle).where(throttle.c.scope == scopes.email.key).values(**cleared)
        )


def backoff_seconds(failures: int, scope: Scope) -> int:
    """The wait after ``failures`` failures: none while free, then the base delay, doubling with
    each further failure up to the cap."""
    if failures < scope.free:
        return 0
    return int(min(scope.cap_seconds, scope.base_seconds * 2 ** min(failures - scope.free, 30)))


def _claim(
    session: Session, scope: Scope, now: datetime, forget_before: datetime
) -> datetime | None:
    """Count one attempt in ``scope``; ``None`` when counted, else when it may be tried."""
    throttle = table(LoginThrottle)
    session.execute(
        update(throttle)
        .where(throttle.c.scope == scope.key, throttle.c.updated_at <= forget_before)
        .values(failures=0, next_at=now)
    )
    counted = session.connection().execute(
        update(throttle)
        .where(
            throttle.c.scope == scope.key,
            (throttle.c.failures < scope.free) | (throttle.c.next_at <= now),
        )
        .values(failures=throttle.c.failures + 1, updated_at=now)
        .returning(throttle.c.failures)
    )
    failures = counted.scalar_one_or_none()
    if failures is None:
        row = session.get(LoginThrottle, scope.key, populate_existing=True)
        assert row is not None
        return row.next_at
    delay = backoff_seconds(failures, scope)
    if delay:
        session.execute(
            update(throttle)
            .where(throttle.c.scope == scope.key)
            .values(next_at=now + timedelta(seconds=delay))
        )
    return None


def _ensure_row(session: Session, key: str, now: datetime) -> None:
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    session.execute(
        insert(table(LoginThrottle))
        .values(scope=key, failures=0, next_at=now, updated_at=now)
        .on_conflict_do_nothing()
    )


def _hashed(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()
