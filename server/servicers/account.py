"""AccountService: credits, usage, access tokens, users and API keys of the caller."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc

from casgate.v1 import account_pb2, account_pb2_grpc
from core import accounts
from core.settings import Settings

from ..call import current_call, current_principal
from .convert import to_message, to_success

Context = grpc.aio.ServicerContext[Any, Any]


def _or_none(value: str) -> str | None:
    return value or None


class AccountServicer(account_pb2_grpc.AccountServiceServicer):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def _run(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        """Account work is blocking database I/O: run it in a thread."""
        return await asyncio.to_thread(func, *args, settings=self._settings, **kwargs)

    async def GetCredits(
        self, request: account_pb2.GetCreditsRequest, context: Context
    ) -> account_pb2.GetCreditsResponse:
        body = await self._run(accounts.credits_info, current_principal())
        return to_message(body, account_pb2.GetCreditsResponse())

    async def ListUsage(
        self, request: account_pb2.ListUsageRequest, context: Context
    ) -> account_pb2.ListUsageResponse:
        body = await self._run(
            accounts.list_usage,
            current_principal(),
            _or_none(request.start_time),
            _or_none(request.end_time),
            request.limit if request.HasField("limit") else None,
        )
        return to_success(body, account_pb2.ListUsageResponse())

    async def SummarizeUsage(
        self, request: account_pb2.SummarizeUsageRequest, context: Context
    ) -> account_pb2.SummarizeUsageResponse:
        body = await self._run(
            accounts.usage_summary,
            current_principal(),
            _or_none(request.start_time),
            _or_none(request.end_time),
        )
        return to_success(body, account_pb2.SummarizeUsageResponse())

    async def CreateAccessToken(
        self, request: account_pb2.CreateAccessTokenRequest, context: Context
    ) -> account_pb2.CreateAccessTokenResponse:
        body = await self._run(
            accounts.issue_access_token,
            current_principal(),
            request.expiry_minutes if request.HasField("expiry_minutes") else None,
        )
        return to_message(body, account_pb2.CreateAccessTokenResponse())

    async def VerifyAccessToken(
        self, request: account_pb2.VerifyAccessTokenRequest, context: Context
    ) -> account_pb2.VerifyAccessTokenResponse:
        token = current_call().metadata.get("x-api-key", "")
        body = await self._run(accounts.verify_access_token, token)
        return to_message(body, account_pb2.VerifyAccessTokenResponse())

    async def Register(
        self, request: account_pb2.RegisterRequest, context: Context
    ) -> account_pb2.RegisterResponse:
        body = await self._run(accounts.register, request.email, request.password)
        return to_success(body, account_pb2.RegisterResponse())

    async def Login(
        self, request: account_pb2.LoginRequest, context: Context
    ) -> account_pb2.LoginResponse:
        # the interceptor knows the caller's address (the gateway's forwarded hop, if trusted)
        client = current_call().client
        body = await self._run(accounts.login, request.email, request.password, client=client)
        return to_message(body, account_pb2.LoginResponse())

    async def RefreshToken(
        self, request: account_pb2.RefreshTokenRequest, context: Context
    ) -> account_pb2.RefreshTokenResponse:
        body = await self._run(accounts.refresh, request.refresh_token)
        return to_message(body, account_pb2.RefreshTokenResponse())

    async def Logout(
        self, request: account_pb2.LogoutRequest, context: Context
    ) -> account_pb2.LogoutResponse:
        body = await self._run(
            accounts.logout, current_principal(), refresh_token=_or_none(request.refresh_token)
        )
        return to_success(body, account_pb2.LogoutResponse())

    async def GetMe(
        self, request: account_pb2.GetMeRequest, context: Context
    ) -> account_pb2.GetMeResponse:
        body = await self._run(accounts.me, current_principal())
        return to_success(body, account_pb2.GetMeResponse())

    async def CreateApiKey(
        self, request: account_pb2.CreateApiKeyRequest, context: Context
    ) -> account_pb2.CreateApiKeyResponse:
        body = await self._run(
            accounts.create_account_key, current_principal(), request.name or "api key"
        )
        return to_message(body, account_pb2.CreateApiKeyResponse())

    async def ListApiKeys(
        self, request: account_pb2.ListApiKeysRequest, context: Context
    ) -> account_pb2.ListApiKeysResponse:
        body = await self._run(accounts.list_account_keys, current_principal())
        return to_message(body, account_pb2.ListApiKeysResponse())

    async def RevokeApiKey(
        self, request: account_pb2.RevokeApiKeyRequest, context: Context
    ) -> account_pb2.RevokeApiKeyResponse:
        body = await self._run(accounts.revoke_account_key, current_principal(), request.key_id)
        return to_success(body, account_pb2.RevokeApiKeyResponse())
