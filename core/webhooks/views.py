"""What the webhook functions answer, named field for field like the messages of
``webhook.proto``."""

from __future__ import annotations

from core.accounts.clock import rfc3339
from core.views import View
from core.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


class WebhookView(View):
    id: str
    url: str
    events: list[str]
    #: only in the answers of creation and rotation
    secret: str | None = None
    created_at: str
    disabled: bool
    disabled_reason: str | None = None
    #: until when deliveries are also signed with the previous secret (after a rotation)
    previous_secret_expires_at: str | None = None

    @classmethod
    def of(cls, endpoint: WebhookEndpoint, secret: str | None = None) -> WebhookView:
        return cls(
            id=endpoint.id,
            url=endpoint.url,
            events=list(endpoint.events),
            secret=secret,
            created_at=rfc3339(endpoint.created_at),
            disabled=endpoint.disabled_at is not None,
            disabled_reason=endpoint.disabled_reason,
            previous_secret_expires_at=(
                rfc3339(endpoint.previous_until) if endpoint.previous_until else None
            ),
        )


class WebhookListView(View):
    webhooks: list[WebhookView]


class AttemptView(View):
    number: int
    started_at: str
    response_code: int
    latency_ms: float
    error: str | None = None

    @classmethod
    def of(cls, row: WebhookAttempt) -> AttemptView:
        return cls(
            number=row.number,
            started_at=rfc3339(row.started_at),
            response_code=row.response_code,
            latency_ms=row.latency_ms,
            error=row.error,
        )


class DeliveryView(View):
    id: str
    webhook_id: str
    #: the ``webhook-id`` header: the same for every attempt (and every redelivery) of an event
    message_id: str
    event: str
    status: str
    attempts: int
    response_code: int | None = None
    latency_ms: float | None = None
    error: str | None = None
    next_attempt_at: str | None = None
    created_at: str
    delivered_at: str | None = None
    attempt_log: list[AttemptView]

    @classmethod
    def of(cls, row: WebhookDelivery, attempts: list[WebhookAttempt]) -> DeliveryView:
        return cls(
            id=row.id,
            webhook_id=row.endpoint_id,
            message_id=row.message_id,
            event=row.event,
            status=row.status.value,
            attempts=row.attempts,
            response_code=row.response_code,
            latency_ms=row.latency_ms,
            error=row.error,
            next_attempt_at=rfc3339(row.next_attempt_at) if row.next_attempt_at else None,
            created_at=rfc3339(row.created_at),
            delivered_at=rfc3339(row.delivered_at) if row.delivered_at else None,
            attempt_log=[AttemptView.of(a) for a in attempts],
        )


class DeliveryListView(View):
    deliveries: list[DeliveryView]
