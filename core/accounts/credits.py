"""Credits: one monthly balance per account, spent only by calls that succeed.

Every key of an account, every access token from those keys and every signed-in user of it
draws on the account's balance; a key only says which features it may use. Only the operator
grants credits (:func:`core.accounts.grants.grant_credits`).

Spending is reserve -> settle. The reservation is one conditional statement,

    UPDATE account SET used_milli = used_milli + :cost
    WHERE id = :id AND (unlimited OR used_milli + :cost <= limit_milli)

whose row count says whether the credits were there. The database serialises the writers (a
row lock on PostgreSQL, the file lock on SQLite), so concurrent calls can never overdraw. If
the work then fails, the same amount is given back; a usage row written with the reservation
records the outcome, and one still in flight after a crash can be refunded by
:func:`refund_stale_reservations`.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, insert, or_, update
from sqlmodel import Session, col, select

from core import metrics
from core.accounts.clock import next_reset, rfc3339
from core.accounts.models import Account, ApiKey, UsageLog
from core.accounts.principal import Principal
from core.accounts.views import CreditsView, credits_of
from core.db import session_scope, table, utcnow
from core.errors import Forbidden, InsufficientCredits, Unauthenticated
from core.settings import Settings, get_settings

#: status recorded for work cancelled before it finished (the client went away)
STATUS_CANCELLED = 499


@dataclass
class Charge:
    """One metered call in progress. Set ``status_code`` before leaving the block to record a
    success code other than 200."""

    principal: Principal
    feature: str
    cost: float
    usage_id: int | None = None
    #: the billing period the credits were taken from (a refund only goes back to it)
    period: datetime | None = None
    status_code: int = 200
    #: the features the key had enabled when the credits were taken (``None``: no key, or not
    #: read), which :func:`settle_to` checks without reading the key again
    features: list[str] | None = None

    @property
    def charged(self) -> bool:
        return self.period is not None


def feature_cost(feature: str, settings: Settings) -> float:
    """Credits one successful call of ``feature`` costs; ``ValueError`` for an unknown feature
    (a programming error, not a client one)."""
    try:
        return float(settings.credit_costs[feature])
    except KeyError:
        raise ValueError(f"no credit cost configured for feature {feature!r}") from None


@contextmanager
def spend(
    principal: Principal,
    feature: str,
    *,
    request_id: str = "",
    path: str = "",
    refund_on_error: bool = True,
    settings: Settings | None = None,
) -> Iterator[Charge]:
    """Charge ``feature`` for the work inside the block; refund it if the block raises.

    Raises ``InsufficientCredits`` (before the block runs) when the balance is short,
    ``Forbidden`` when the key does not have the feature enabled, ``Unauthenticated`` when the
    key was revoked meanwhile. The sandbox spends nothing; a user's JWT spends its account's.
    ``refund_on_error=False`` keeps the charge whatever happens (e.g. the inbox listing).
    """
    settings = settings or get_settings()
    charge = reserve(principal, feature, request_id=request_id, path=path, settings=settings)
    try:
        yield charge
    except BaseException as exc:
        settle(charge, error=exc, refund=refund_on_error, settings=settings)
        raise
    settle(charge, settings=settings)


@asynccontextmanager
async def spend_async(
    principal: Principal,
    feature: str,
    *,
    request_id: str = "",
    path: str = "",
    refund_on_error: bool = True,
    settings: Settings | None = None,
) -> AsyncIterator[Charge]:
    """:func:`spend` for asyncio code; the database work runs in worker threads."""
    settings = settings or get_settings()
    charge = await asyncio.to_thread(
        reserve, principal, feature, request_id=request_id, path=path, settings=settings
    )
    try:
        yield charge
    except BaseException as exc:
        # shielded: a cancelled request must still give its credits back
        await asyncio.shield(
            asyncio.to_thread(settle, charge, error=exc, refund=refund_on_error, settings=settings)
        )
        raise
    await asyncio.to_thread(settle, charge, settings=settings)


def reserve(
    principal: Principal,
    feature: str,
    *,
    request_id: str = "",
    path: str = "",
    settings: Settings | None = None,
) -> Charge:
    """Take the credits of one call of ``feature`` (see :func:`spend` for what it raises)."""
    settings = settings or get_settings()
    charge = Charge(principal=principal, feature=feature, cost=feature_cost(feature, settings))
    if principal.is_sandbox or principal.account_id is None:
        return charge
    with session_scope(settings) as session:
        refused = _reserve_in(session, charge, request_id, path)
    if refused is not None:  # raised once its 402 usage row is committed
        raise refused
    return charge


def _reserve_in(
    session: Session, charge: Charge, request_id: str, path: str
) -> InsufficientCredits | None:
    """:func:`reserve` in ``session``: ``None`` once taken, else the error to raise after the
    session has kept the refused call's usage row."""
    request_id = request_id or "req_" + secrets.token_hex(12)
    if _take(session, charge, request_id, path, status=0):
        return None
    return _insufficient(session, charge, request_id, path)


def reserve_dearest(
    principal: Principal,
    features: list[str],
    *,
    request_id: str = "",
    path: str = "",
    settings: Settings | None = None,
) -> Charge:
    """:func:`reserve` the dearest of ``features`` the key has enabled, for work that learns
    which feature it is only as it runs (a smart parse); :func:`settle_to` then keeps that
    feature's price and gives the rest back. The key is read once, in the transaction that
    takes the credits."""
    settings = settings or get_settings()

    def dearest(enabled: list[str]) -> Charge:
        feature = max(enabled, key=lambda each: feature_cost(each, settings))
        return Charge(principal=principal, feature=feature, cost=feature_cost(feature, settings))

    if principal.is_sandbox or principal.account_id is None:
        return dearest(list(features))
    with session_scope(settings) as session:
        row = session.get(ApiKey, principal.key_id) if principal.key_id is not None else None
        enabled = [f for f in features if row is None or f in row.features] or list(features)
        charge = dearest(enabled)
        if row is not None:
            charge.features = list(row.features)
        refused = _reserve_in(session, charge, request_id, path)
    if refused is not None:
        raise refused
    return charge


def settle_to(charge: Charge, feature: str, *, settings: Settings | None = None) -> None:
    """Settle a :func:`reserve_dearest` charge as one successful call of ``feature``, known
    now: its price is kept and the rest goes back, in one transaction. When the key did not
    have ``feature`` enabled (as read when the credits were taken), all of it goes back and
    ``Forbidden`` is raised."""
    settings = settings or get_settings()
    price = feature_cost(feature, settings) if charge.charged else charge.cost
    back = round(charge.cost * 1000) - round(price * 1000)
    if back < 0:
        raise ValueError(f"{feature!r} costs more than the {charge.feature!r} reserved for it")
    if charge.usage_id is None:  # the sandbox
        return
    if not charge.charged or charge.features is None or feature in charge.features:
        with session_scope(settings) as session:
            if back:
                _give_back(session, charge, back)
            charge.feature, charge.cost = feature, price
            usage = table(UsageLog)
            session.connection().execute(
                update(usage)
                .where(usage.c.id == charge.usage_id)
                .values(
                    feature=feature,
                    status_code=charge.status_code,
                    credits_milli=round(price * 1000) if charge.charged else 0,
                )
            )
        if charge.charged:
            metrics.increment(metrics.CREDITS_SPENT, feature, amount=price)
        return
    refused = Forbidden(f"The feature {feature} is not enabled for this API key")
    settle(charge, error=refused, settings=settings)
    raise refused


def charge_in(
    session: Session,
    principal: Principal,
    feature: str,
    *,
    request_id: str,
    path: str,
    settings: Settings,
) -> float:
    """Charge one call whose work is done, inside the caller's transaction: the credits and
    the usage row (status 200) are kept only if that transaction commits, so work stored in the
    same transaction is never paid for without being kept, nor kept without being paid for.
    Returns the credits taken (0 for the sandbox).

    Raises like :func:`reserve`; ``InsufficientCredits`` leaves its 402 usage row in the
    session, so the caller decides whether to keep it.
    """
    charge = Charge(principal=principal, feature=feature, cost=feature_cost(feature, settings))
    if principal.is_sandbox or principal.account_id is None:
        return 0.0
    if not _take(session, charge, request_id, path, status=200):
        raise _insufficient(session, charge, request_id, path)
    return charge.cost


def _take(session: Session, charge: Charge, request_id: str, path: str, *, status: int) -> bool:
    """The conditional reservation of the module docstring, with its usage row; ``False``
    when the balance is short. Raises for a revoked key or a feature not enabled."""
    account_id = charge.principal.account_id
    assert account_id is not None
    if charge.principal.key_id is not None:
        _check_key(session, charge.principal.key_id, charge.feature)
    account = table(Account)
    connection = session.connection()
    due = connection.execute(select(account.c.resets_at).where(account.c.id == account_id)).first()
    if due is not None and due[0] <= utcnow():  # a write only when due: it takes SQLite's lock
        _apply_monthly_reset(session, account_id)
    milli = round(charge.cost * 1000)
    result = connection.execute(
        update(account)
        .where(
            account.c.id == account_id,
            or_(account.c.unlimited, account.c.used_milli + milli <= account.c.limit_milli),
        )
        .values(used_milli=account.c.used_milli + milli)
        .returning(account.c.resets_at)
    )
    period = result.scalar_one_or_none()
    if period is None:
        return False
    charge.period = period
    charge.usage_id = _log(session, charge, request_id, path, status=status, milli=milli)
    return True


def _check_key(session: Session, key_id: str, feature: str) -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None or row.revoked_at is not None:
        raise Unauthenticated("API key has been revoked")
    if feature not in row.features:
        raise Forbidden(f"The feature {feature} is not enabled for this API key")
    return row


def _insufficient(
    session: Session, charge: Charge, request_id: str, path: str
) -> InsufficientCredits:
    """Log the refused call (402) and describe what is left."""
    _log(session, charge, request_id, path, status=402, milli=0)
    row = session.get(Account, charge.principal.account_id, populate_existing=True)
    assert row is not None
    remaining = max(row.limit_milli - row.used_milli, 0) / 1000
    return InsufficientCredits(
        f"Insufficient credits: {charge.feature} costs {_credits(charge.cost)} and "
        f"{remaining:g} remain until {rfc3339(row.resets_at)}"
    )


def settle(
    charge: Charge,
    *,
    error: BaseException | None = None,
    refund: bool = True,
    settings: Settings | None = None,
) -> None:
    """Record how a reserved call ended; give its credits back when it failed."""
    if charge.usage_id is None:
        return
    settings = settings or get_settings()
    milli = round(charge.cost * 1000) if charge.charged else 0
    status = charge.status_code if error is None else _status_of(error)
    with session_scope(settings) as session:
        if error is not None and refund and milli:
            _give_back(session, charge, milli)
            milli = 0
        usage = table(UsageLog)
        session.connection().execute(
            update(usage)
            .where(usage.c.id == charge.usage_id)
            .values(status_code=status, credits_milli=milli)
        )
    metrics.increment(metrics.CREDITS_SPENT, charge.feature, amount=milli / 1000)


def _give_back(session: Session, charge: Charge, milli: int) -> None:
    """Return ``milli`` of a charge to its account, never into a newer period."""
    account = table(Account)
    session.connection().execute(
        update(account)
        .where(account.c.id == charge.principal.account_id, account.c.resets_at == charge.period)
        .values(used_milli=account.c.used_milli - milli)
    )


def refund_stale_reservations(
    older_than: timedelta = timedelta(hours=1), *, settings: Settings | None = None
) -> int:
    """Refund calls still marked in flight after ``older_than`` (the process died mid-call).
    Call it at start-up; returns how many were refunded."""
    settings = settings or get_settings()
    cutoff = utcnow() - older_than
    with session_scope(settings) as session:
        rows = session.exec(
            select(UsageLog).where(UsageLog.status_code == 0, col(UsageLog.created_at) < cutoff)
        ).all()
    refunded = 0
    for row in rows:
        with session_scope(settings) as session:
            claimed: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(UsageLog)
                .where(col(UsageLog.id) == row.id, col(UsageLog.status_code) == 0)
                .values(status_code=500, credits_milli=0)
            )
            if claimed.rowcount != 1 or not row.credits_milli:
                continue
            session.execute(
                update(Account)
                .where(
                    col(Account.id) == row.account_id,
                    col(Account.resets_at) == next_reset(row.created_at),
                )
                .values(used_milli=col(Account.used_milli) - row.credits_milli)
            )
            refunded += 1
    return refunded


def credits_info(principal: Principal, *, settings: Settings | None = None) -> CreditsView:
    """The balance of the principal's account, and the features of its key (every feature for
    a signed-in user).

    For an unlimited account, ``limit`` and ``remaining`` are the stored monthly limit and what
    is left of it; ``is_unlimited`` says they are not enforced. Raises ``Forbidden`` for the
    sandbox key (its sample answer is given at the edge).
    """
    settings = settings or get_settings()
    if principal.is_sandbox or principal.account_id is None:
        raise Forbidden("The sandbox key has no account; its credits are sample data")
    with session_scope(settings) as session:
        features = list(settings.credit_costs)
        if principal.key_id is not None:
            key = session.get(ApiKey, principal.key_id)
            if key is None or key.revoked_at is not None:
                raise Unauthenticated("API key has been revoked")
            features = list(key.features)
        _apply_monthly_reset(session, principal.account_id)
        row = session.get(Account, principal.account_id, populate_existing=True)
        if row is None:
            raise Unauthenticated("Account not found")
        return CreditsView(
            used=credits_of(row.used_milli),
            remaining=credits_of(max(row.limit_milli - row.used_milli, 0)),
            limit=credits_of(row.limit_milli),
            is_unlimited=row.unlimited,
            resets_at=rfc3339(row.resets_at),
            enabled_features=features,
        )


def _apply_monthly_reset(session: Session, account_id: str) -> None:
    now = utcnow()
    session.execute(
        update(Account)
        .where(col(Account.id) == account_id, col(Account.resets_at) <= now)
        .values(used_milli=0, resets_at=next_reset(now))
    )


def _log(
    session: Session, charge: Charge, request_id: str, path: str, *, status: int, milli: int
) -> int:
    assert charge.principal.account_id is not None
    row = UsageLog(
        account_id=charge.principal.account_id,
        key_id=charge.principal.key_id,
        user_id=charge.principal.user_id,
        request_id=request_id[:80],
        feature=charge.feature,
        path=path[:300],
        status_code=status,
        credits_milli=milli,
    )
    usage = table(UsageLog)
    inserted = session.connection().execute(
        insert(usage).values(row.model_dump(exclude={"id"})).returning(usage.c.id)
    )
    return int(inserted.scalar_one())


def _status_of(error: BaseException) -> int:
    if isinstance(error, asyncio.CancelledError | GeneratorExit | KeyboardInterrupt):
        return STATUS_CANCELLED
    status = getattr(error, "http_status", 500)
    return status if isinstance(status, int) else 500


def _credits(amount: float) -> str:
    """``1 credit``, ``0.5 credits``, ``2 credits``."""
    return f"{amount:g} credit" + ("" if amount == 1 else "s")
