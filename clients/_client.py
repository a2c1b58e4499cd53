"""``Client`` and ``AsyncClient``: typed access to casgate over gRPC.

    from clients import Client

    with Client("127.0.0.1:8080", api_key="...") as casgate:
        statement = casgate.parse(open("cas.pdf", "rb").read(), password="ABCDE1234F")
        print(statement.investor.name, len(statement.mutual_funds))

Every method returns the generated message the RPC returns (``parse`` the statement itself, a
``UnifiedResponse``; ``parse_contract_note`` the note itself, a ``ContractNote``); an error answer
raises ``ApiError``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import Any

import grpc

from casgate.v1 import (
    account_pb2,
    account_pb2_grpc,
    batch_pb2,
    batch_pb2_grpc,
    contract_note_pb2,
    parse_pb2,
    parse_pb2_grpc,
    statement_pb2,
)

from ._errors import ApiError, api_error

#: per statement kind: the ParseService method and its request type
_PARSERS: dict[str | None, tuple[str, type[Any]]] = {
    None: ("SmartParse", parse_pb2.SmartParseRequest),
    "CAMS_KFINTECH": ("ParseCamsKfintech", parse_pb2.ParseCamsKfintechRequest),
    "NSDL": ("ParseNsdl", parse_pb2.ParseNsdlRequest),
    "CDSL": ("ParseCdsl", parse_pb2.ParseCdslRequest),
}
#: large enough for a 25 MiB PDF and its parsed statement
_OPTIONS = [
    ("grpc.max_send_message_length", 64 * 1024 * 1024),
    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
]


def _parse_request(
    data: bytes | None, url: str | None, password: str | None, kind: str | None
) -> tuple[str, Any]:
    if kind not in _PARSERS:
        hint = "; a contract note: parse_contract_note()" if kind == "CONTRACT_NOTE" else ""
        raise ValueError(f"kind must be one of {sorted(k for k in _PARSERS if k)} or None{hint}")
    method, request_type = _PARSERS[kind]
    return method, request_type(pdf_file=data or b"", pdf_url=url or "", password=password or "")


def _note_request(
    data: bytes | None, url: str | None, password: str | None, broker_type: str | None
) -> parse_pb2.ParseContractNoteRequest:
    return parse_pb2.ParseContractNoteRequest(
        pdf_file=data or b"", pdf_url=url or "", password=password or "",
        broker_type=broker_type or "",
    )  # fmt: skip


def _sources(sources: list[dict[str, str]]) -> list[batch_pb2.BatchSource]:
    return [batch_pb2.BatchSource(**source) for source in sources]


class Client:
    """A blocking client; ``target`` is the gateway (or the server) as ``host:port``."""

    def __init__(self, target: str, *, api_key: str, timeout: float = 120.0) -> None:
        self._channel = grpc.insecure_channel(target, options=_OPTIONS)
        self._metadata = (("x-api-key", api_key),)
        self._timeout = timeout
        self._parse = parse_pb2_grpc.ParseServiceStub(self._channel)
        self._account = account_pb2_grpc.AccountServiceStub(self._channel)
        self._batch = batch_pb2_grpc.BatchServiceStub(self._channel)

    def _call(self, method: Any, request: Any) -> Any:
        try:
            return method(request, metadata=self._metadata, timeout=self._timeout)
        except grpc.RpcError as error:
            raise api_error(error) from None

    def parse(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        kind: str | None = None,
    ) -> statement_pb2.UnifiedResponse:
        """Parse a statement given as bytes or by URL; ``kind`` picks a type-specific parser."""
        method, request = _parse_request(data, url, password, kind)
        statement: statement_pb2.UnifiedResponse = self._call(getattr(self._parse, method), request)
        return statement

    def parse_contract_note(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        broker_type: str | None = None,
    ) -> contract_note_pb2.ContractNote:
        """Parse a broker contract note (``password`` usually the PAN); ``broker_type``
        (zerodha, groww, upstox, icici) is checked against the content, detected when absent."""
        request = _note_request(data, url, password, broker_type)
        answer: parse_pb2.ParseContractNoteResponse = self._call(
            self._parse.ParseContractNote, request
        )
        return answer.data

    def credits(self) -> account_pb2.GetCreditsResponse:
        return self._call(self._account.GetCredits, account_pb2.GetCreditsRequest())

    def start_batch(
        self, sources: list[dict[str, str]], *, name: str = ""
    ) -> batch_pb2.StartBatchResponse:
        """Start a batch of ``{"path"|"url"|"s3_uri"|"upload_id": …, "password"?: …}`` sources."""
        request = batch_pb2.StartBatchRequest(name=name, sources=_sources(sources))
        return self._call(self._batch.StartBatch, request)

    def watch_batch(
        self, job_id: str, *, after_seq: int = 0
    ) -> Iterator[batch_pb2.WatchBatchResponse]:
        """The job's progress events until it ends."""
        request = batch_pb2.WatchBatchRequest(job_id=job_id, after_seq=after_seq)
        try:
            yield from self._batch.WatchBatch(request, metadata=self._metadata)
        except grpc.RpcError as error:
            raise api_error(error) from None

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:  # fmt: skip
        self.close()


class AsyncClient:
    """The asyncio twin of :class:`Client`."""

    def __init__(self, target: str, *, api_key: str, timeout: float = 120.0) -> None:
        self._channel = grpc.aio.insecure_channel(target, options=_OPTIONS)
        self._metadata = (("x-api-key", api_key),)
        self._timeout = timeout
        self._parse = parse_pb2_grpc.ParseServiceStub(self._channel)
        self._account = account_pb2_grpc.AccountServiceStub(self._channel)
        self._batch = batch_pb2_grpc.BatchServiceStub(self._channel)

    async def _call(self, method: Any, request: Any) -> Any:
        try:
            return await method(request, metadata=self._metadata, timeout=self._timeout)
        except grpc.aio.AioRpcError as error:
            raise api_error(error) from None

    async def parse(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        kind: str | None = None,
    ) -> statement_pb2.UnifiedResponse:
        method, request = _parse_request(data, url, password, kind)
        statement: statement_pb2.UnifiedResponse = await self._call(
            getattr(self._parse, method), request
        )
        return statement

    async def parse_contract_note(
        self,
        data: bytes | None = None,
        *,
        url: str | None = None,
        password: str | None = None,
        broker_type: str | None = None,
    ) -> contract_note_pb2.ContractNote:
        request = _note_request(data, url, password, broker_type)
        answer: parse_pb2.ParseContractNoteResponse = await self._call(
            self._parse.ParseContractNote, request
        )
        return answer.data

    async def credits(self) -> account_pb2.GetCreditsResponse:
        return await self._call(self._account.GetCredits, account_pb2.GetCreditsRequest())

    async def start_batch(
        self, sources: list[dict[str, str]], *, name: str = ""
    ) -> batch_pb2.StartBatchResponse:
        request = batch_pb2.StartBatchRequest(name=name, sources=_sources(sources))
        return await self._call(self._batch.StartBatch, request)

    async def watch_batch(
        self, job_id: str, *, after_seq: int = 0
    ) -> AsyncIterator[batch_pb2.WatchBatchResponse]:
        request = batch_pb2.WatchBatchRequest(job_id=job_id, after_seq=after_seq)
        try:
            async for event in self._batch.WatchBatch(request, metadata=self._metadata):
                yield event
        except grpc.aio.AioRpcError as error:
            raise api_error(error) from None

    async def close(self) -> None:
        await self._channel.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:  # fmt: skip
        await self.close()


__all__ = ["ApiError", "AsyncClient", "Client"]
