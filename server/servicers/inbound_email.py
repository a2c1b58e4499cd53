"""InboundEmailService: the caller's forward-to addresses and the files received at them."""

from __future__ import annotations

from typing import Any

import grpc

from casgate.v1 import inbound_email_pb2, inbound_email_pb2_grpc
from core import inbound
from core.settings import Settings

from ..call import current_principal
from .convert import to_message, to_success

Context = grpc.aio.ServicerContext[Any, Any]


class InboundEmailServicer(inbound_email_pb2_grpc.InboundEmailServiceServicer):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def CreateInboundEmail(
        self, request: inbound_email_pb2.CreateInboundEmailRequest, context: Context
    ) -> inbound_email_pb2.InboundEmail:
        body = await inbound.create_address(
            current_principal(),
            alias=request.alias,
            allowed_sources=list(request.allowed_sources),
            callback_url=request.callback_url if request.HasField("callback_url") else None,
            metadata=dict(request.metadata),
            reference=request.reference,
            password=request.password,
            settings=self._settings,
        )
        return to_message(body, inbound_email_pb2.InboundEmail())

    async def ListInboundEmails(
        self, request: inbound_email_pb2.ListInboundEmailsRequest, context: Context
    ) -> inbound_email_pb2.ListInboundEmailsResponse:
        body = await inbound.list_addresses(
            current_principal(),
            request.limit,
            request.offset,
            request.status,
            settings=self._settings,
        )
        return to_success(body, inbound_email_pb2.ListInboundEmailsResponse())

    async def GetInboundEmail(
        self, request: inbound_email_pb2.GetInboundEmailRequest, context: Context
    ) -> inbound_email_pb2.InboundEmail:
        body = await inbound.get_address(
            current_principal(), request.inbound_email_id, settings=self._settings
        )
        return to_message(body, inbound_email_pb2.InboundEmail())

    async def DeleteInboundEmail(
        self, request: inbound_email_pb2.DeleteInboundEmailRequest, context: Context
    ) -> inbound_email_pb2.DeleteInboundEmailResponse:
        body = await inbound.delete_address(
            current_principal(), request.inbound_email_id, settings=self._settings
        )
        return to_success(body, inbound_email_pb2.DeleteInboundEmailResponse())

    async def ListInboundEmailFiles(
        self, request: inbound_email_pb2.ListInboundEmailFilesRequest, context: Context
    ) -> inbound_email_pb2.ListInboundEmailFilesResponse:
        body = await inbound.list_files(
            current_principal(), request.inbound_email_id, settings=self._settings
        )
        return to_success(body, inbound_email_pb2.ListInboundEmailFilesResponse())
