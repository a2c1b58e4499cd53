"""A burst of slow PDFs cannot starve the server: with every parse worker busy and more parses
queued than the server has database threads, an authenticated call still answers before any of
the slow parses does (a real grpc.aio server in this process, its real parse pool)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
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
from core.accounts.keys import create_key
from core.accounts.models import UsageLog
from core.db import session_scope
from core.settings import Settings
from server.app import Running, start_server
from tests.conftest import make_settings

from .slow_pdf import zeros_pdf

WORKERS = 1
DATABASE_THREADS = 2
#: more parses than workers and database threads together: were their waits on the database
#: threads, the authenticated call would queue behind them
SLOW_PARSES = WORKERS + DATABASE_THREADS + 1
#: each slow parse is stopped at this deadline (its PDF takes far longer to open)
DEADLINE_SECONDS = 3.0


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[tuple[Running, Settings]]:
    settings = make_settings(
        tmp_path,
        parse_workers=WORKERS,
        database_threads=DATABASE_THREADS,
        parse_timeout_seconds=DEADLINE_SECONDS,
        max_decompressed_bytes=1 << 40,  # let the slow PDF be opened slowly, not refused
    )
    running = await start_server(settings, port=0, ws_port=0)
    try:
        yield running, settings
    finally:
        await running.stop(grace=0)


def _in_flight(settings: Settings, key_id: str) -> int:
    """Calls of the key that took their credits and have not answered yet."""
    with session_scope(settings) as session:
        return session.exec(
            select(func.count())
            .select_from(UsageLog)
            .where(col(UsageLog.key_id) == key_id, col(UsageLog.status_code) == 0)
        ).one()


async def test_authentication_answers_while_every_worker_parses_a_slow_pdf(
    server: tuple[Running, Settings],
) -> None:
    running, settings = server
    info, api_key = create_key("busy", 100, settings=settings)
    auth = (("x-api-key", api_key),)
    slow_pdf = zeros_pdf(8000)
    answered: list[str] = []
    # the test's own look at the database, apart from the server's threads
    own_thread = ThreadPoolExecutor(1)
    loop = asyncio.get_running_loop()

    async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
        # start the worker before the race (its warm-up is nobody's deadline)
        await status_pb2_grpc.StatusServiceStub(channel).GetHealth(status_pb2.GetHealthRequest())
        parse = parse_pb2_grpc.ParseServiceStub(channel)

        async def slow() -> None:
            with pytest.raises(grpc.aio.AioRpcError):
                await parse.SmartParse(
                    parse_pb2.SmartParseRequest(pdf_file=slow_pdf), metadata=auth
                )
            answered.append("parse")

        parses = [asyncio.create_task(slow()) for _ in range(SLOW_PARSES)]
        # every slow parse has taken its credits and waits on the pool (or one answered first)
        while (
            not answered
            and await loop.run_in_executor(own_thread, _in_flight, settings, info.id) < SLOW_PARSES
        ):
            await asyncio.sleep(0.02)

        credits = await account_pb2_grpc.AccountServiceStub(channel).GetCredits(
            account_pb2.GetCreditsRequest(), metadata=auth
        )
        answered.append("credits")

        assert credits.limit == 100
        assert answered == ["credits"], "a slow parse answered before the authenticated call"
        for task in parses:
            task.cancel()
        await asyncio.gather(*parses, return_exceptions=True)
    own_thread.shutdown()
