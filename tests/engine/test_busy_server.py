"""A burst of slow PDFs cannot starve the server: with every worker busy and more slow calls
waiting than the server has database threads, an authenticated call still answers before any
of the slow ones does. A real grpc.aio server in this process, its real worker pools: the
interactive parse pool (smart parse) and the batch document pool (process one document)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from sqlmodel import col, func, select

from casgate.v1 import (
    account_pb2,
    account_pb2_grpc,
    parse_pb2,
    parse_pb2_grpc,
    status_pb2,
    status_pb2_grpc,
)
from core.accounts.keys import ApiKeyInfo, create_key
from core.accounts.models import UsageLog
from core.batch.models import BatchItem, BatchJob
from core.db import session_scope
from core.settings import Settings
from server.app import Running, start_server
from tests.conftest import make_settings

from .slow_pdf import zeros_pdf

WORKERS = 1
DATABASE_THREADS = 2
#: more slow calls than workers and database threads together: were their waits on the
#: database threads, the authenticated call would queue behind them
SLOW_CALLS = WORKERS + DATABASE_THREADS + 1
#: each slow call's worker is stopped at this deadline (its PDF takes far longer to open)
DEADLINE_SECONDS = 3.0

Metadata = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SlowCall:
    """A call that keeps a worker busy, and how the test sees that it is waiting on it."""

    send: Callable[[parse_pb2_grpc.ParseServiceStub, bytes, Metadata], Awaitable[object]]
    #: (settings, key) → how many such calls have reached their pool
    waiting: Callable[[Settings, ApiKeyInfo], int]


def _charged_in_flight(settings: Settings, key: ApiKeyInfo) -> int:
    """Smart parses that took their credits (just before the pool) and have not answered."""
    with session_scope(settings) as session:
        return session.exec(
            select(func.count())
            .select_from(UsageLog)
            .where(col(UsageLog.key_id) == key.id, col(UsageLog.status_code) == 0)
        ).one()


def _documents_queued(settings: Settings, key: ApiKeyInfo) -> int:
    """Documents whose job was created (just before the pool) for the key's account."""
    with session_scope(settings) as session:
        return session.exec(
            select(func.count())
            .select_from(BatchItem)
            .join(BatchJob, col(BatchJob.id) == col(BatchItem.job_id))
            .where(col(BatchJob.account_id) == key.account_id)
        ).one()


SMART_PARSE = SlowCall(
    send=lambda stub, pdf, auth: stub.SmartParse(
        parse_pb2.SmartParseRequest(pdf_file=pdf), metadata=auth
    ),
    waiting=_charged_in_flight,
)
PROCESS_DOCUMENT = SlowCall(
    send=lambda stub, pdf, auth: stub.ProcessDocument(
        parse_pb2.ProcessDocumentRequest(file=pdf, filename="slow.pdf"), metadata=auth
    ),
    waiting=_documents_queued,
)


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[tuple[Running, Settings]]:
    settings = make_settings(
        tmp_path,
        parse_workers=WORKERS,
        database_threads=DATABASE_THREADS,
        parse_timeout_seconds=DEADLINE_SECONDS,
        url_fetch_timeout_seconds=0.1,  # part of a batch document's deadline
        max_decompressed_bytes=1 << 40,  # let the slow PDF be opened slowly, not refused
    )
    running = await start_server(settings, port=0, ws_port=0)
    try:
        yield running, settings
    finally:
        await running.stop(grace=0)


@pytest.mark.parametrize("slow_call", [SMART_PARSE, PROCESS_DOCUMENT], ids=["smart", "process"])
async def test_authentication_answers_while_every_worker_opens_a_slow_pdf(
    server: tuple[Running, Settings], slow_call: SlowCall
) -> None:
    running, settings = server
    key, api_key = create_key("busy", 100, settings=settings)
    auth: Metadata = (("x-api-key", api_key),)
    slow_pdf = zeros_pdf(8000)
    answered: list[str] = []
    own_thread = ThreadPoolExecutor(1)  # the test's look at the database, not the server's
    loop = asyncio.get_running_loop()

    async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
        # start the parse worker before the race (its warm-up is nobody's deadline)
        await status_pb2_grpc.StatusServiceStub(channel).GetHealth(status_pb2.GetHealthRequest())
        parse = parse_pb2_grpc.ParseServiceStub(channel)

        async def slow() -> None:
            with pytest.raises(grpc.aio.AioRpcError):
                await slow_call.send(parse, slow_pdf, auth)
            answered.append("slow")

        calls = [asyncio.create_task(slow()) for _ in range(SLOW_CALLS)]
        # every slow call waits on its pool now (or one already answered, failing below)
        while (
            not answered
            and await loop.run_in_executor(own_thread, slow_call.waiting, settings, key)
            < SLOW_CALLS
        ):
            await asyncio.sleep(0.02)

        credits = await account_pb2_grpc.AccountServiceStub(channel).GetCredits(
            account_pb2.GetCreditsRequest(), metadata=auth
        )
        answered.append("credits")

        assert credits.limit == 100
        assert answered == ["credits"], "a slow call answered before the authenticated one"
        for call in calls:
            call.cancel()
        await asyncio.gather(*calls, return_exceptions=True)
    own_thread.shutdown()
