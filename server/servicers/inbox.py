"""InboxService: mailbox import (Gmail, Outlook, IMAP). The callback answers the redirect as an
``x-casgate-location`` response header, which the gateway turns into a 302 with ``Location``."""

from __future__ import annotations

from typing import Any

import grpc

from casgate.v1 import inbox_pb2, inbox_pb2_grpc
from core import inbox
from core.settings import Settings

from ..call import current_call, current_principal
from .convert import to_message, to_success

Context = grpc.aio.ServicerContext[Any, Any]

#: the header the gateway's Lua filter turns into ``302 Location``
REDIRECT_HEADER = "x-casgate-location"


def _inbox_token() -> str:
    return current_call().metadata.get("x-inbox-token", "")


class InboxServicer(inbox_pb2_grpc.InboxServiceServicer):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def ConnectInbox(
        self, request: inbox_pb2.ConnectInboxRequest, context: Context
    ) -> inbox_pb2.ConnectInboxResponse:
        box = inbox.ImapFields(request.host, request.port, request.user, request.password)
        body = await inbox.connect(
            current_principal(),
            request.provider,
            request.redirect_uri,
            request.state,
            box,
            settings=self._settings,
        )
        return to_success(body, inbox_pb2.ConnectInboxResponse())

    async def CompleteInboxConnection(
        self, request: inbox_pb2.CompleteInboxConnectionRequest, context: Context
    ) -> inbox_pb2.CompleteInboxConnectionResponse:
        body = await inbox.complete(
            request.code, request.state, request.error, settings=self._settings
        )
        current_call().response_headers += [
            (REDIRECT_HEADER, body.location),
            ("cache-control", "no-store"),
        ]
        return to_message(body, inbox_pb2.CompleteInboxConnectionResponse())

    async def GetInboxStatus(
        self, request: inbox_pb2.GetInboxStatusRequest, context: Context
    ) -> inbox_pb2.GetInboxStatusResponse:
        body = await inbox.status(current_principal(), _inbox_token(), settings=self._settings)
        return to_success(body, inbox_pb2.GetInboxStatusResponse())

    async def ListInboxCas(
        self, request: inbox_pb2.ListInboxCasRequest, context: Context
    ) -> inbox_pb2.ListInboxCasResponse:
        body = await inbox.list_cas(
            current_principal(),
            _inbox_token(),
            list(request.cas_types),
            request.start_date,
            request.end_date,
            parse=request.parse,
            password=request.password,
            request_id=current_call().request_id,
            settings=self._settings,
        )
        return to_success(body, inbox_pb2.ListInboxCasResponse())

    async def DisconnectInbox(
        self, request: inbox_pb2.DisconnectInboxRequest, context: Context
    ) -> inbox_pb2.DisconnectInboxResponse:
        body = await inbox.disconnect(current_principal(), _inbox_token(), settings=self._settings)
        return to_success(body, inbox_pb2.DisconnectInboxResponse())
