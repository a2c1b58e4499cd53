"""FetchService and FileService on the real grpc.aio server (in process, no Envoy): the calls a
client makes (through the generated stubs and the typed clients), their error codes as the REST
surface reports them, and the owner rule."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from casgate.v1 import fetch_pb2, fetch_pb2_grpc, files_pb2, files_pb2_grpc
from clients import ApiError, AsyncClient, Client
from core.accounts.keys import create_key
from tests.conftest import start_server_thread
from tests.fetch.conftest import BO_ID, DOB, PERIODS, statements
from tests.fetch.fake_cdsl import FakeCdsl, Investor
from tests.fetch.fake_kfintech import FakeKfintech
from tests.harness import ServerThread


@pytest.fixture(scope="module")
def portals() -> Iterator[tuple[FakeCdsl, FakeKfintech]]:
    pan, pdfs = statements()
    cdsl = FakeCdsl(seed=21)
    cdsl.investors.append(Investor(pan, BO_ID, "15/08/1985", "9876501234", pdfs))
    kfintech = FakeKfintech(seed=22)
    kfintech.registered["investor@example.com"] = pan
    yield cdsl.start(), kfintech.start()
    cdsl.stop()
    kfintech.stop()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, portals: tuple[FakeCdsl, FakeKfintech]
) -> Iterator[ServerThread]:
    cdsl, kfintech = portals
    data: Path = tmp_path_factory.mktemp("fetch-service")
    running = start_server_thread(
        data,
        settings={
            "captcha_solver": "ocr",
            "cdsl_base_url": cdsl.url,
            "kfintech_base_url": kfintech.url,
            "portal_timeout_seconds": 2.0,
        },
    )
    yield running
    running.stop()


def _key(server: ServerThread) -> tuple[tuple[str, str], ...]:
    _, plaintext = create_key("fetch", 10, settings=server.settings)
    return (("x-api-key", plaintext),)


@pytest.fixture
def channel(server: ServerThread) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(server.address) as opened:
        yield opened


def _reason(error: grpc.RpcError) -> tuple[str, str]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    info = error_details_pb2.ErrorInfo()
    assert status.details[0].Unpack(info)
    return info.reason, info.metadata["http_status"]


def test_fetch_then_download_through_the_file_service(
    server: ServerThread, channel: grpc.Channel, portals: tuple[FakeCdsl, FakeKfintech]
) -> None:
    cdsl, _ = portals
    fetch = fetch_pb2_grpc.FetchServiceStub(channel)
    auth = _key(server)
    pan, pdfs = statements()
    started = fetch.StartCdslFetch(
        fetch_pb2.StartCdslFetchRequest(pan=pan.lower(), bo_id=BO_ID, dob=DOB), metadata=auth
    )
    assert started.status == "success" and len(started.session_id) == 32

    # another account's caller cannot see the session: 404
    with pytest.raises(grpc.RpcError) as hidden:
        fetch.VerifyCdslFetch(
            fetch_pb2.VerifyCdslFetchRequest(session_id=started.session_id, otp="123456"),
            metadata=_key(server),
        )
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND

    done = fetch.VerifyCdslFetch(
        fetch_pb2.VerifyCdslFetchRequest(
            session_id=started.session_id, otp=cdsl.sms["9876501234"][-1], num_periods=1
        ),
        metadata=auth,
    )
    assert (done.status, done.msg) == ("success", "Fetched 1 CAS file")
    (file,) = done.files
    assert file.filename == f"CDSL_CAS_{PERIODS[0]}.pdf" and file.document_id
    token = parse_qs(urlsplit(file.url).query)["token"][0]
    files = files_pb2_grpc.FileServiceStub(channel)
    answer = files.DownloadFile(files_pb2.DownloadFileRequest(token=token))
    assert answer.body.data == pdfs[PERIODS[0]]


@pytest.mark.parametrize(
    ("pan", "bo_id", "reason"),
    [("ABCDE12345", BO_ID, "INVALID_PAN"), ("ABCDE1234F", "123", "INVALID_BO_ID")],
)
def test_errors_carry_their_code_and_status(
    server: ServerThread, channel: grpc.Channel, pan: str, bo_id: str, reason: str
) -> None:
    fetch = fetch_pb2_grpc.FetchServiceStub(channel)
    with pytest.raises(grpc.RpcError) as refused:
        fetch.StartCdslFetch(
            fetch_pb2.StartCdslFetchRequest(pan=pan, bo_id=bo_id, dob=DOB), metadata=_key(server)
        )
    assert _reason(refused.value) == (reason, "400")


def test_kfintech_generate(
    server: ServerThread, channel: grpc.Channel, portals: tuple[FakeCdsl, FakeKfintech]
) -> None:
    _, kfintech = portals
    fetch = fetch_pb2_grpc.FetchServiceStub(channel)
    answer = fetch.GenerateKfintechCas(
        fetch_pb2.GenerateKfintechCasRequest(
            email="investor@example.com",
            from_date="2025-04-01",
            to_date="2026-03-31",
            password="Secret#2026",
        ),
        metadata=_key(server),
    )
    assert (answer.status, answer.msg) == ("success", "CAS request submitted. Check email shortly.")
    assert kfintech.requests[-1]["Email"] == "investor@example.com"


def test_the_typed_clients_fetch_and_ask_kfintech(
    server: ServerThread, portals: tuple[FakeCdsl, FakeKfintech]
) -> None:
    cdsl, kfintech = portals
    pan, pdfs = statements()
    _, mine = create_key("typed fetch", 10, settings=server.settings)
    _, theirs = create_key("other fetch", 10, settings=server.settings)
    with Client(server.address, api_key=mine) as casgate:
        with pytest.raises(ApiError) as invalid:
            casgate.start_cdsl_fetch("ABCDE12345", BO_ID, DOB)
        assert (invalid.value.status, invalid.value.code) == (400, "INVALID_PAN")
        started = casgate.start_cdsl_fetch(pan, BO_ID, DOB)
        with Client(server.address, api_key=theirs) as other, pytest.raises(ApiError) as hidden:
            other.verify_cdsl_fetch(started.session_id, "123456")
        assert hidden.value.status == 404
        otp = cdsl.sms["9876501234"][-1]
        done = casgate.verify_cdsl_fetch(started.session_id, otp, num_periods=2, parse=True)
        assert [f.filename for f in done.files] == [f"CDSL_CAS_{p}.pdf" for p in PERIODS[:2]]
        assert all(f.statement.meta.cas_type == "CDSL" for f in done.files)
        # the files are history documents of this account
        for fetched in done.files:
            assert casgate.get_document(fetched.document_id).filename == fetched.filename

        asked = casgate.generate_kfintech_cas(
            "investor@example.com", "2025-04-01", "2026-03-31", "Secret#2026", pan=pan
        )
        assert asked.msg == "CAS request submitted. Check email shortly."
        assert kfintech.requests[-1]["Email"] == "investor@example.com"

    async def twin() -> None:
        async with AsyncClient(server.address, api_key=mine) as casgate:
            again = await casgate.start_cdsl_fetch(pan, BO_ID, DOB)
            otp = cdsl.sms["9876501234"][-1]
            fetched = await casgate.verify_cdsl_fetch(again.session_id, otp, num_periods=1)
            assert [f.filename for f in fetched.files] == [f"CDSL_CAS_{PERIODS[0]}.pdf"]
            assert not fetched.files[0].HasField("statement")  # parse was not asked
            token = parse_qs(urlsplit(fetched.files[0].url).query)["token"][0]
            with grpc.insecure_channel(server.address) as channel:
                files = files_pb2_grpc.FileServiceStub(channel)
                answer = files.DownloadFile(files_pb2.DownloadFileRequest(token=token))
            assert answer.body.data == pdfs[PERIODS[0]]
            asked = await casgate.generate_kfintech_cas(
                "investor@example.com", "2025-04-01", "2026-03-31", "Secret#2026"
            )
            assert asked.status == "success"

    asyncio.run(twin())


def test_the_methods_need_credentials(channel: grpc.Channel) -> None:
    fetch = fetch_pb2_grpc.FetchServiceStub(channel)
    with pytest.raises(grpc.RpcError) as refused:
        fetch.StartCdslFetch(fetch_pb2.StartCdslFetchRequest(pan="ABCDE1234F"))
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
