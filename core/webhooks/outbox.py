"""The durable outbox: an event is written as delivery rows in the caller's transaction.

The rows commit (or roll back) with the result they announce, so an event is never lost (the
result exists, so does its delivery row) and never invented (no result, no row). Delivery
workers (:mod:`core.webhooks.dispatcher`) send the rows afterwards, retrying until they succeed
or run out of attempts.

Use it from the transaction that writes the job's result::

    from core.webhooks.outbox import record_event

    with session_scope(settings) as session:
        ...  # write the job's result
        record_event(
            session,
            account_id=job.account_id,
            event="extraction.completed",
            data={"job_id": job.id, "filename": "invoice.pdf", "result": result},
        )

The signature is stable: ``record_event(session: Session, *, account_id: str, event: str,
data: Mapping[str, Any], endpoint_ids: Collection[str] = ()) -> None`` (``endpoint_ids`` is
optional: webhooks of the account that get this event whatever they subscribe to).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import insert
from sqlmodel import Session, select

from core.accounts.models import new_id
from core.db import table, utcnow
from core.webhooks.events import EVENTS
from core.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from core.webhooks.wake import wake_after_commit


def event_timestamp(moment: datetime) -> str:
    """``2024-01-15T10:30:00.000Z``, the body's ``timestamp``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def event_body(event: str, data: Mapping[str, Any], moment: datetime) -> str:
    """The JSON body of one event, exactly as it is signed and sent."""
    body = {"event": event, "timestamp": event_timestamp(moment), "data": dict(data)}
    return json.dumps(to_jsonable_python(body), separators=(",", ":"), ensure_ascii=False)


def new_message_id() -> str:
    return f"msg_{new_id()}"


def record_event(
    session: Session,
    *,
    account_id: str,
    event: str,
    data: Mapping[str, Any],
    endpoint_ids: Collection[str] = (),
) -> None:
    """Queue ``event`` for every enabled webhook of ``account_id`` that subscribes to it, in
    ``session``'s transaction (nothing is sent before it commits).

    ``event`` is one of :data:`core.webhooks.events.EVENTS`; ``data`` is the body's ``data``
    object, ``{"job_id", "filename", "result"}``, made of JSON-able values (pydantic models and
    datetimes are converted). An account without matching webhooks writes nothing.
    ``endpoint_ids`` names webhooks of the account that get the event whatever they subscribe
    to (a per-resource target, e.g. a forward-to address's ``callback_url``); one that is
    disabled or another account's is skipped, and a webhook named and subscribed gets it once."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    webhooks = table(WebhookEndpoint)  # a Core select: every parse asks, most accounts have none
    endpoints = (
        session.connection()
        .execute(
            select(webhooks.c.id, webhooks.c.events).where(
                webhooks.c.account_id == account_id, webhooks.c.disabled_at.is_(None)
            )
        )
        .all()
    )
    named = set(endpoint_ids)
    targets = [
        endpoint_id
        for endpoint_id, events in endpoints
        if event in (events or []) or endpoint_id in named
    ]
    if not targets:
        return
    now = utcnow()
    body = event_body(event, data, now)
    message_id = new_message_id()
    rows = [
        {
            "id": new_id(),
            "account_id": account_id,
            "endpoint_id": endpoint_id,
            "message_id": message_id,
            "event": event,
            "body": body,
            "status": DeliveryStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for endpoint_id in targets
    ]
    session.execute(insert(table(WebhookDelivery)), rows)
    wake_after_commit(session)
