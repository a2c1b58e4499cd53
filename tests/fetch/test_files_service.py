"""FileService.DownloadFile on the real grpc.aio server: no credentials needed, the signature is."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import grpc
import pytest

from casgate.v1 import files_pb2, files_pb2_grpc
from core import downloads
from core.accounts.keys import create_key
from tests.conftest import start_server_thread
from tests.harness import ServerThread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("files"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def acct(server: ServerThread) -> str:
    return create_key("files", 0, settings=server.settings)[0].account_id


@pytest.fixture
def stub(server: ServerThread) -> Iterator[files_pb2_grpc.FileServiceStub]:
    with grpc.insecure_channel(server.address) as channel:
        yield files_pb2_grpc.FileServiceStub(channel)


def test_a_signed_link_serves_its_bytes_without_credentials(
    server: ServerThread, stub: files_pb2_grpc.FileServiceStub, acct: str
) -> None:
    data = b"%PDF-1.7 the statement"
    link = asyncio.run(
        downloads.publish_download(acct, data, "CDSL CAS.pdf", settings=server.settings)
    )
    answer, call = stub.DownloadFile.with_call(files_pb2.DownloadFileRequest(token=link.token))
    assert answer.body.data == data
    assert answer.body.content_type == "application/pdf"
    headers = dict(call.initial_metadata())
    assert headers["content-disposition"] == 'attachment; filename="CDSL CAS.pdf"'


@pytest.mark.parametrize("token", ["", "abc.def", "eyJrIjoiZG93bmxvYWRzL2EifQ.c2ln"])
def test_a_bad_token_is_404(stub: files_pb2_grpc.FileServiceStub, token: str) -> None:
    with pytest.raises(grpc.RpcError) as refused:
        stub.DownloadFile(files_pb2.DownloadFileRequest(token=token))
    assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    assert "unknown or has expired" in (refused.value.details() or "")


def test_an_expired_link_is_404(
    server: ServerThread, stub: files_pb2_grpc.FileServiceStub, acct: str
) -> None:
    key = downloads.store_download(acct, b"%PDF-1.7", "a.pdf", settings=server.settings)
    link = downloads.sign_download(key, "a.pdf", ttl_seconds=60, settings=server.settings, now=0)
    with pytest.raises(grpc.RpcError) as refused:
        stub.DownloadFile(files_pb2.DownloadFileRequest(token=link.token))
    assert refused.value.code() == grpc.StatusCode.NOT_FOUND
