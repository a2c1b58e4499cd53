"""Webhooks: endpoints of an account, the durable outbox of their deliveries, and the workers
that send them signed, retried and never lost.

Producers call :func:`core.webhooks.outbox.record_event` in the transaction that writes a
job's result; the servicers call the functions below.
"""

from core.webhooks.deliveries import list_deliveries, redeliver
from core.webhooks.endpoints import (
    create_webhook,
    delete_webhook,
    enable_webhook,
    get_webhook,
    list_webhooks,
    rotate_secret,
)
from core.webhooks.events import EVENTS

__all__ = [
    "EVENTS",
    "create_webhook",
    "delete_webhook",
    "enable_webhook",
    "get_webhook",
    "list_deliveries",
    "list_webhooks",
    "redeliver",
    "rotate_secret",
]
