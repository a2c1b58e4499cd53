"""WebhookService: the caller's webhooks, their delivery log, secret rotation and re-enabling."""

from __future__ import annotations

from typing import Any

import grpc

from casgate.v1 import webhook_pb2, webhook_pb2_grpc
from core import webhooks
from core.settings import Settings

from ..call import current_principal
from .convert import to_message, to_success

Context = grpc.aio.ServicerContext[Any, Any]


def _present(request: Any, name: str) -> Any:
    return getattr(request, name) if request.HasField(name) else None


class WebhookServicer(webhook_pb2_grpc.WebhookServiceServicer):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def CreateWebhook(
        self, request: webhook_pb2.CreateWebhookRequest, context: Context
    ) -> webhook_pb2.Webhook:
        body = await webhooks.create_webhook(
            current_principal(), request.url, list(request.events), settings=self._settings
        )
        return to_message(body, webhook_pb2.Webhook())

    async def ListWebhooks(
        self, request: webhook_pb2.ListWebhooksRequest, context: Context
    ) -> webhook_pb2.ListWebhooksResponse:
        body = await webhooks.list_webhooks(current_principal(), settings=self._settings)
        return to_message(body, webhook_pb2.ListWebhooksResponse())

    async def GetWebhook(
        self, request: webhook_pb2.GetWebhookRequest, context: Context
    ) -> webhook_pb2.Webhook:
        body = await webhooks.get_webhook(
            current_principal(), request.webhook_id, settings=self._settings
        )
        return to_message(body, webhook_pb2.Webhook())

    async def DeleteWebhook(
        self, request: webhook_pb2.DeleteWebhookRequest, context: Context
    ) -> webhook_pb2.DeleteWebhookResponse:
        body = await webhooks.delete_webhook(
            current_principal(), request.webhook_id, settings=self._settings
        )
        return to_success(body, webhook_pb2.DeleteWebhookResponse())

    async def RotateWebhookSecret(
        self, request: webhook_pb2.RotateWebhookSecretRequest, context: Context
    ) -> webhook_pb2.Webhook:
        body = await webhooks.rotate_secret(
            current_principal(),
            request.webhook_id,
            _present(request, "overlap_seconds"),
            settings=self._settings,
        )
        return to_message(body, webhook_pb2.Webhook())

    async def EnableWebhook(
        self, request: webhook_pb2.EnableWebhookRequest, context: Context
    ) -> webhook_pb2.Webhook:
        body = await webhooks.enable_webhook(
            current_principal(), request.webhook_id, settings=self._settings
        )
        return to_message(body, webhook_pb2.Webhook())

    async def ListWebhookDeliveries(
        self, request: webhook_pb2.ListWebhookDeliveriesRequest, context: Context
    ) -> webhook_pb2.ListWebhookDeliveriesResponse:
        body = await webhooks.list_deliveries(
            current_principal(),
            request.webhook_id,
            _present(request, "limit"),
            request.status,
            settings=self._settings,
        )
        return to_message(body, webhook_pb2.ListWebhookDeliveriesResponse())

    async def RedeliverWebhookDelivery(
        self, request: webhook_pb2.RedeliverWebhookDeliveryRequest, context: Context
    ) -> webhook_pb2.WebhookDelivery:
        body = await webhooks.redeliver(
            current_principal(), request.webhook_id, request.delivery_id, settings=self._settings
        )
        return to_message(body, webhook_pb2.WebhookDelivery())
