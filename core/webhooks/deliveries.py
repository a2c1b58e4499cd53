"""A webhook's delivery log, and replaying one delivery."""

from __future__ import annotations

import asyncio

from sqlmodel import Session, col, select

from core.accounts.models import new_id
from core.accounts.ownership import get_owned
from core.accounts.principal import Principal
from core.db import session_scope, utcnow
from core.errors import BadRequest, Conflict, NotFound
from core.settings import Settings, get_settings
from core.webhooks.endpoints import LABEL
from core.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from core.webhooks.views import DeliveryListView, DeliveryView
from core.webhooks.wake import wake_after_commit

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def _attempts(session: Session, delivery_ids: list[str]) -> dict[str, list[WebhookAttempt]]:
    found: dict[str, list[WebhookAttempt]] = {key: [] for key in delivery_ids}
    if not delivery_ids:
        return found
    rows = session.exec(
        select(WebhookAttempt)
        .where(col(WebhookAttempt.delivery_id).in_(delivery_ids))
        .order_by(col(WebhookAttempt.number), col(WebhookAttempt.id))
    ).all()
    for row in rows:
        found[row.delivery_id].append(row)
    return found


def _list(
    settings: Settings, principal: Principal, webhook_id: str, limit: int, status: str
) -> DeliveryListView:
    with session_scope(settings) as session:
        endpoint = get_owned(session, WebhookEndpoint, webhook_id, principal, label=LABEL)
        query = select(WebhookDelivery).where(col(WebhookDelivery.endpoint_id) == endpoint.id)
        if status:
            query = query.where(col(WebhookDelivery.status) == DeliveryStatus(status))
        rows = session.exec(
            query.order_by(col(WebhookDelivery.created_at).desc(), col(WebhookDelivery.id)).limit(
                limit
            )
        ).all()
        attempts = _attempts(session, [row.id for row in rows])
        return DeliveryListView(deliveries=[DeliveryView.of(row, attempts[row.id]) for row in rows])


async def list_deliveries(
    principal: Principal,
    webhook_id: str,
    limit: int | None = None,
    status: str = "",
    *,
    settings: Settings | None = None,
) -> DeliveryListView:
    """The webhook's deliveries, newest first, each with its attempts (status code, latency,
    error) and its next attempt. ``status`` filters (pending, delivering, succeeded, failed)."""
    limit = DEFAULT_LIMIT if limit is None else limit
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}")
    if status and status not in {s.value for s in DeliveryStatus}:
        raise BadRequest(f"status must be one of {', '.join(s.value for s in DeliveryStatus)}")
    return await asyncio.to_thread(
        _list, settings or get_settings(), principal, webhook_id, limit, status
    )


def _redeliver(
    settings: Settings, principal: Principal, webhook_id: str, delivery_id: str
) -> DeliveryView:
    with session_scope(settings) as session:
        endpoint = get_owned(session, WebhookEndpoint, webhook_id, principal, label=LABEL)
        original = session.get(WebhookDelivery, delivery_id) if delivery_id else None
        if original is None or original.endpoint_id != endpoint.id:
            raise NotFound("Delivery not found")
        if endpoint.disabled_at is not None:
            raise Conflict(
                f"Webhook {endpoint.id} is disabled ({endpoint.disabled_reason}); "
                f"enable it again first (POST /v1/webhooks/{endpoint.id}/enable)"
            )
        now = utcnow()
        replay = WebhookDelivery(
            id=new_id(),
            account_id=endpoint.account_id,
            endpoint_id=endpoint.id,
            message_id=original.message_id,
            event=original.event,
            body=original.body,
            next_attempt_at=now,
            created_at=now,
        )
        session.add(replay)
        session.flush()
        wake_after_commit(session)
        return DeliveryView.of(replay, [])


async def redeliver(
    principal: Principal, webhook_id: str, delivery_id: str, *, settings: Settings | None = None
) -> DeliveryView:
    """Queue one delivery again as a new delivery: the same body and ``webhook-id`` (a receiver
    that already has it may ignore it), attempts from one. ``Conflict`` while the webhook is
    disabled (see :func:`core.webhooks.endpoints.enable_webhook`)."""
    return await asyncio.to_thread(
        _redeliver, settings or get_settings(), principal, webhook_id, delivery_id
    )
