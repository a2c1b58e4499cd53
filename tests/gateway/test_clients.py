"""The typed client (``clients``) against the real gateway, blocking and asyncio."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from casgate.v1 import statement_pb2
from clients import ApiError, AsyncClient, Client
from core.accounts import create_key
from tests.batch.conftest import grant_batch_root
from tests.conftest import Stack, start_stack
from tests.statements import GeneratedStatement, generate

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def made() -> GeneratedStatement:
    return generate(issuer="CAMS", variant="DETAILED", seed=41, pages=2)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, made: GeneratedStatement) -> Iterator[Stack]:
    root = tmp_path_factory.mktemp("client-root")
    (root / "cas.pdf").write_bytes(made.pdf)
    running = start_stack(tmp_path_factory.mktemp("clients"), settings={"batch_root": str(root)})
    yield running
    running.stop()


@pytest.fixture(scope="module")
def key(stack: Stack) -> str:
    info, plaintext = create_key("client", 20, settings=stack.server.settings)
    grant_batch_root(stack.server.settings, info.account_id)
    return plaintext


def folio_numbers(statement: statement_pb2.UnifiedResponse) -> list[str]:
    """The folio numbers of a parsed statement, which ``parse`` returns as the typed resource."""
    assert isinstance(statement, statement_pb2.UnifiedResponse)
    return [f.folio_number for f in statement.mutual_funds]


def test_blocking_client(stack: Stack, key: str, made: GeneratedStatement) -> None:
    truth = [f["folio_number"] for f in made.truth["mutual_funds"]]
    with Client(stack.gateway.address, api_key=key) as casgate:
        assert folio_numbers(casgate.parse(made.pdf, password=made.password)) == truth
        typed = casgate.parse(made.pdf, password=made.password, kind="CAMS_KFINTECH")
        assert folio_numbers(typed) == truth
        assert casgate.credits().used == 2
        job = casgate.start_batch([{"path": "cas.pdf", "password": made.password}])
        events = list(casgate.watch_batch(job.job_id))
        assert events[-1].type == "completed" or events[-1].status == "completed"
        with pytest.raises(ApiError) as wrong_kind:
            casgate.parse(made.pdf, password=made.password, kind="NSDL")
        assert wrong_kind.value.status == 400 and wrong_kind.value.request_id
        with pytest.raises(ApiError) as missing:
            list(casgate.watch_batch("no-such-job"))
        assert missing.value.status == 404
    with (
        Client(stack.gateway.address, api_key="wrong") as stranger,
        pytest.raises(ApiError) as denied,
    ):
        stranger.credits()
    assert denied.value.status == 401


def test_async_client(stack: Stack, key: str, made: GeneratedStatement, tmp_path: Path) -> None:
    async def use() -> tuple[list[str], int, str]:
        async with AsyncClient(stack.gateway.address, api_key=key) as casgate:
            statement = await casgate.parse(made.pdf, password=made.password)
            job = await casgate.start_batch([{"path": "cas.pdf", "password": made.password}])
            last = None
            async for event in casgate.watch_batch(job.job_id):
                last = event
            assert last is not None
            try:
                await casgate.parse(b"%PDF-1.7 nothing")
            except ApiError as error:
                return folio_numbers(statement), error.status, last.type
            raise AssertionError("a broken PDF must fail")

    folios, status, last_type = asyncio.run(use())
    assert folios == [f["folio_number"] for f in made.truth["mutual_funds"]]
    assert status == 400
    assert last_type in ("completed", "snapshot")
