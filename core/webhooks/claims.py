"""Taking due deliveries from the outbox, and recording how each attempt went.

A claim is one conditional ``UPDATE``: a row is due when it is pending and its time has come,
or when it is being delivered by a worker whose lease ran out (that worker died). The update
re-checks "due" on every row it writes and stamps the rows with a fresh claim token, so two
workers can never take the same row: on SQLite writers are serialised and the loser's update
finds the rows no longer due; on PostgreSQL the candidate rows are read ``FOR UPDATE SKIP
LOCKED``, so concurrent workers take different rows without waiting for each other. An outcome
is only recorded by the worker that still holds the row's claim token.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, and_, delete, insert, or_, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from core import metrics
from core.accounts.models import new_id
from core.db import get_engine, session_scope, table, utcnow
from core.settings import Settings
from core.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from core.webhooks.schedule import retry_delay

log = logging.getLogger(__name__)

_deliveries = table(WebhookDelivery)
_endpoints = table(WebhookEndpoint)
_attempts = table(WebhookAttempt)


@dataclass(frozen=True)
class Claimed:
    """One delivery taken by a worker for one attempt."""

    delivery_id: str
    account_id: str
    endpoint_id: str
    claim: str
    #: the number of this attempt, 1 for the first
    attempt: int
    message_id: str
    event: str
    body: str
    url: str
    secret_enc: str
    previous_secret_enc: str | None
    previous_until: datetime | None


@dataclass(frozen=True)
class AttemptResult:
    """How one attempt went: ``response_code`` 0 when no HTTP answer came."""

    started_at: datetime
    response_code: int
    latency_ms: float
    error: str | None = None
    retry_after: float | None = None

    @property
    def succeeded(self) -> bool:
        return 200 <= self.response_code < 300


def _due(now: datetime) -> ColumnElement[bool]:
    d = _deliveries.c
    return or_(
        and_(d.status == DeliveryStatus.PENDING, d.next_attempt_at <= now),
        and_(d.status == DeliveryStatus.DELIVERING, d.lease_until < now),
    )


def lease_seconds(settings: Settings) -> float:
    return settings.webhook_timeout_seconds + settings.webhook_lease_seconds


def claim_due(settings: Settings, limit: int) -> list[Claimed]:
    """Take up to ``limit`` due deliveries of enabled endpoints, oldest due first."""
    if limit <= 0:
        return []
    now = utcnow()
    token = new_id()
    d = _deliveries.c
    candidates = (
        select(d.id)
        .join(_endpoints, _endpoints.c.id == d.endpoint_id)
        .where(_due(now), _endpoints.c.disabled_at.is_(None))
        .order_by(d.next_attempt_at)
        .limit(limit)
    )
    if get_engine(settings).dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True, of=_deliveries)
    with session_scope(settings) as session:
        ids = list(session.execute(candidates).scalars())
        if not ids:
            return []
        session.execute(
            update(_deliveries)
            .where(d.id.in_(ids), _due(now))
            .values(
                status=DeliveryStatus.DELIVERING,
                claim=token,
                attempts=d.attempts + 1,
                lease_until=now + timedelta(seconds=lease_seconds(settings)),
            )
        )
        rows = session.execute(
            select(
                d.id,
                d.account_id,
                d.endpoint_id,
                d.attempts,
                d.message_id,
                d.event,
                d.body,
                _endpoints.c.url,
                _endpoints.c.secret_enc,
                _endpoints.c.previous_secret_enc,
                _endpoints.c.previous_until,
            )
            .join(_endpoints, _endpoints.c.id == d.endpoint_id)
            .where(d.claim == token)
            .order_by(d.next_attempt_at)
        ).all()
    return [
        Claimed(
            delivery_id=row.id,
            account_id=row.account_id,
            endpoint_id=row.endpoint_id,
            claim=token,
            attempt=row.attempts,
            message_id=row.message_id,
            event=row.event,
            body=row.body,
            url=row.url,
            secret_enc=row.secret_enc,
            previous_secret_enc=row.previous_secret_enc,
            previous_until=row.previous_until,
        )
        for row in rows
    ]


def _changed(result: Any) -> bool:
    cursor: CursorResult[Any] = result
    return cursor.rowcount == 1


def record_attempt(settings: Settings, claimed: Claimed, result: AttemptResult) -> DeliveryStatus:
    """Record the attempt and what follows: success, the next retry, or failure (after the last
    attempt, or a 410 which also disables the endpoint). Returns the delivery's new status;
    a worker that lost its claim (its lease ran out) changes nothing (``delivering``)."""
    return record_attempts(settings, [(claimed, result)])[0]


def record_attempts(
    settings: Settings, outcomes: list[tuple[Claimed, AttemptResult]]
) -> list[DeliveryStatus]:
    """:func:`record_attempt` for several attempts in one transaction (a busy worker's
    outcomes are written together: one commit instead of one each)."""
    with session_scope(settings) as session:
        statuses = [_record(session, settings, claimed, result) for claimed, result in outcomes]
    for status in statuses:  # once committed: what the dashboards count
        if status in _OUTCOMES:
            metrics.increment(metrics.WEBHOOK_DELIVERIES, _OUTCOMES[status])
    return statuses


#: an attempt's outcome as ``casgate_webhook_deliveries_total`` labels it
_OUTCOMES = {
    DeliveryStatus.SUCCEEDED: "delivered",
    DeliveryStatus.PENDING: "retried",
    DeliveryStatus.FAILED: "failed",
}


def _record(
    session: Session, settings: Settings, claimed: Claimed, result: AttemptResult
) -> DeliveryStatus:
    now = utcnow()
    values: dict[str, Any] = {
        "claim": None,
        "lease_until": None,
        "response_code": result.response_code or None,
        "latency_ms": result.latency_ms,
        "error": (result.error or "")[:500] or None,
    }
    gone = result.response_code == 410
    if result.succeeded:
        status = DeliveryStatus.SUCCEEDED
        values.update(delivered_at=now, next_attempt_at=None, error=None)
    else:
        delay = None if gone else retry_delay(settings, claimed.attempt, result.retry_after)
        if delay is None:
            status = DeliveryStatus.FAILED
            values["next_attempt_at"] = None
        else:
            status = DeliveryStatus.PENDING
            values["next_attempt_at"] = now + timedelta(seconds=delay)
    d = _deliveries.c
    changed = session.execute(
        update(_deliveries)
        .where(d.id == claimed.delivery_id, d.claim == claimed.claim)
        .values(status=status, **values)
    )
    if not _changed(changed):
        log.info("webhook delivery %s was taken over; outcome dropped", claimed.delivery_id)
        return DeliveryStatus.DELIVERING
    session.execute(
        insert(_attempts).values(
            account_id=claimed.account_id,
            delivery_id=claimed.delivery_id,
            number=claimed.attempt,
            started_at=result.started_at,
            response_code=result.response_code,
            latency_ms=result.latency_ms,
            error=(result.error or "")[:500] or None,
        )
    )
    if gone:
        disable_endpoint(session, claimed.endpoint_id, "the receiver answered 410 Gone")
    return status


def disable_endpoint(session: Session, endpoint_id: str, reason: str) -> None:
    """Stop sending to an endpoint: it is disabled, its waiting deliveries fail."""
    now = utcnow()
    session.execute(
        update(_endpoints)
        .where(_endpoints.c.id == endpoint_id, _endpoints.c.disabled_at.is_(None))
        .values(disabled_at=now, disabled_reason=reason)
    )
    d = _deliveries.c
    session.execute(
        update(_deliveries)
        .where(d.endpoint_id == endpoint_id, d.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.FAILED, next_attempt_at=None, error="webhook disabled")
    )


def release(settings: Settings, claims: list[Claimed]) -> None:
    """Hand unfinished claims back (a worker stopping): due again at once, attempt not counted."""
    if not claims:
        return
    d = _deliveries.c
    with session_scope(settings) as session:
        for claimed in claims:
            session.execute(
                update(_deliveries)
                .where(d.id == claimed.delivery_id, d.claim == claimed.claim)
                .values(
                    status=DeliveryStatus.PENDING,
                    claim=None,
                    lease_until=None,
                    attempts=d.attempts - 1,
                    next_attempt_at=utcnow(),
                )
            )


def has_due(settings: Settings) -> bool:
    """Whether some delivery is due now (the Dramatiq scheduler queues work only then)."""
    with session_scope(settings) as session:
        found = session.execute(select(_deliveries.c.id).where(_due(utcnow())).limit(1)).first()
    return found is not None


def purge_finished(session: Session, cutoff: datetime) -> None:
    """Delete finished deliveries (their bodies hold results) created before ``cutoff``, with
    their attempts; the retention purge calls it."""
    d = _deliveries.c
    session.execute(
        delete(_deliveries).where(
            d.status.in_((DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED)),
            d.created_at < cutoff,
        )
    )
