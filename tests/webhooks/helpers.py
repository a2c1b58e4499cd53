"""Small helpers of the webhook tests: record an event as a job would, read the outbox."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from sqlmodel import col, select

from core import webhooks
from core.accounts.principal import Principal
from core.db import session_scope
from core.settings import Settings
from core.webhooks.models import WebhookDelivery
from core.webhooks.outbox import record_event
from core.webhooks.views import DeliveryView, WebhookView

T = TypeVar("T")


def create(
    settings: Settings, principal: Principal, url: str, events: list[str] | None = None
) -> WebhookView:
    return asyncio.run(
        webhooks.create_webhook(
            principal, url, events or ["extraction.completed"], settings=settings
        )
    )


def emit(
    settings: Settings, principal: Principal, job_id: str, event: str = "extraction.completed"
) -> None:
    """What a job does when it ends: its result and its event in one transaction."""
    assert principal.account_id is not None
    with session_scope(settings) as session:
        record_event(
            session,
            account_id=principal.account_id,
            event=event,
            data={"job_id": job_id, "filename": f"{job_id}.pdf", "result": {"pages": 1}},
        )


def deliveries(settings: Settings, principal: Principal, webhook_id: str) -> list[DeliveryView]:
    listed = asyncio.run(webhooks.list_deliveries(principal, webhook_id, settings=settings))
    return listed.deliveries


def outbox_rows(settings: Settings, account_id: str) -> list[WebhookDelivery]:
    with session_scope(settings) as session:
        return list(
            session.exec(
                select(WebhookDelivery).where(col(WebhookDelivery.account_id) == account_id)
            ).all()
        )


def wait_until(check: Callable[[], T], timeout: float = 30.0) -> T:
    """Poll ``check`` until it returns something truthy (the outbox settles after the
    receiver's answer)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)
