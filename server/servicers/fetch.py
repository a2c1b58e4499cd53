"""FetchService: CDSL's two-step OTP fetch and KFintech's mail-back request."""

from __future__ import annotations

from typing import Any

import grpc

from casgate.v1 import fetch_pb2, fetch_pb2_grpc
from core.retrieval.cdsl import start_cdsl_fetch, verify_cdsl_fetch
from core.retrieval.kfintech import generate_kfintech_cas
from core.settings import Settings

from ..call import current_call, current_principal
from .convert import to_message

Context = grpc.aio.ServicerContext[Any, Any]


class FetchServicer(fetch_pb2_grpc.FetchServiceServicer):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def GenerateKfintechCas(
        self, request: fetch_pb2.GenerateKfintechCasRequest, context: Context
    ) -> fetch_pb2.GenerateKfintechCasResponse:
        call = current_call()
        body = await generate_kfintech_cas(
            current_principal(),
            request.email,
            request.from_date,
            request.to_date,
            request.password,
            request.pan_no,
            request_id=call.request_id,
            path=call.rest_path,
            settings=self._settings,
        )
        return to_message(body, fetch_pb2.GenerateKfintechCasResponse())

    async def StartCdslFetch(
        self, request: fetch_pb2.StartCdslFetchRequest, context: Context
    ) -> fetch_pb2.StartCdslFetchResponse:
        body = await start_cdsl_fetch(
            current_principal(), request.pan, request.bo_id, request.dob, settings=self._settings
        )
        return to_message(body, fetch_pb2.StartCdslFetchResponse())

    async def VerifyCdslFetch(
        self, request: fetch_pb2.VerifyCdslFetchRequest, context: Context
    ) -> fetch_pb2.VerifyCdslFetchResponse:
        call = current_call()
        body = await verify_cdsl_fetch(
            current_principal(),
            request.session_id,
            request.otp,
            request.num_periods,
            parse=request.parse,
            request_id=call.request_id,
            path=call.rest_path,
            settings=self._settings,
        )
        return to_message(body, fetch_pb2.VerifyCdslFetchResponse())
