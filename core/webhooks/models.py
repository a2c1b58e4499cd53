"""Tables of webhooks.

* :class:`WebhookEndpoint` — a URL of one account and the events it wants. Its signing secret
  is sealed (AES-GCM under a key derived from the server secret); during a rotation's overlap
  the previous secret is kept, sealed too, until ``previous_until``.
* :class:`WebhookDelivery` — the outbox: one row per (event, endpoint), written in the same
  transaction as the result it announces. ``message_id`` is the ``webhook-id`` a receiver
  de-duplicates on (the same for every endpoint and every attempt of one event). A worker
  claims a row by setting ``status = delivering``, a fresh ``claim`` token and a
  ``lease_until``; a row whose lease has run out (its worker died) is claimable again.
* :class:`WebhookAttempt` — one HTTP attempt of a delivery: status code, latency, error.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field

from core.accounts.models import AccountOwned, new_id
from core.db import EnumText, UTCDateTime, utcnow


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERING = "delivering"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class WebhookEndpoint(AccountOwned, table=True):
    __tablename__ = "webhook_endpoint"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    url: str = Field(max_length=2048)
    events: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    secret_enc: str = Field(sa_type=Text)
    previous_secret_enc: str | None = Field(default=None, sa_type=Text)
    previous_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: set when the receiver answered 410 Gone: nothing more is sent to it
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    disabled_reason: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebhookDelivery(AccountOwned, table=True):
    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_endpoint_created", "endpoint_id", "created_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    endpoint_id: str = Field(foreign_key="webhook_endpoint.id", ondelete="CASCADE", max_length=32)
    message_id: str = Field(max_length=40)
    event: str = Field(max_length=40)
    #: the exact JSON body sent (and signed) on every attempt
    body: str = Field(sa_type=Text)
    status: DeliveryStatus = Field(
        default=DeliveryStatus.PENDING, sa_type=EnumText(DeliveryStatus, 12), nullable=False
    )
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claim: str | None = Field(default=None, max_length=32)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    response_code: int | None = Field(default=None)
    latency_ms: float | None = Field(default=None)
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookAttempt(AccountOwned, table=True):
    __tablename__ = "webhook_attempt"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: str = Field(
        foreign_key="webhook_delivery.id", index=True, ondelete="CASCADE", max_length=32
    )
    number: int
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    #: 0 when no HTTP answer came (refused address, connection error, timeout)
    response_code: int = Field(default=0)
    latency_ms: float = Field(default=0.0)
    error: str | None = Field(default=None, max_length=500)
