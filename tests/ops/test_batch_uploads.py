"""A multipart batch over the real grpc.aio server, in process: every upload keeps its
original file name in events, status and history; each file takes its own password
(``passwords``: file name → password); a file that is not a PDF fails as its own document,
named, while the others are parsed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import grpc
import httpx
import pytest
from google.api import httpbody_pb2

from casgate.v1 import (
    batch_pb2,
    batch_pb2_grpc,
    history_pb2,
    history_pb2_grpc,
    upload_pb2,
    upload_pb2_grpc,
)
from core.accounts import authenticate, create_key
from tests.batch.conftest import statement
from tests.batch.helpers import follow
from tests.conftest import start_server_thread
from tests.harness import ServerThread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("uploads"))
    yield running
    running.stop()


def multipart(files: list[tuple[str, bytes]], fields: dict[str, str]) -> httpbody_pb2.HttpBody:
    request = httpx.Request(
        "POST",
        "http://casgate/api/batch/start",
        files=[("files", (name, data, "application/pdf")) for name, data in files],
        data=fields,
    )
    return httpbody_pb2.HttpBody(content_type=request.headers["content-type"], data=request.read())


def test_uploads_keep_their_names_and_passwords_and_fail_alone(server: ServerThread) -> None:
    # seeds 0 and 3 are AES-encrypted with different passwords; seed 1 is not encrypted
    first, second, plain = statement(0), statement(3), statement(1)
    assert first.password and second.password and first.password != second.password
    _, key = create_key("uploads", 100, settings=server.settings)
    auth = (("x-api-key", key),)
    body = multipart(
        [
            ("april.pdf", first.pdf),
            ("may.pdf", second.pdf),
            ("june.pdf", plain.pdf),
            ("notes.txt", b"minutes of the meeting, not a statement"),
        ],
        {
            "name": "quarter",
            "password": first.password,  # the default, for files not named in passwords
            "passwords": json.dumps({"may.pdf": second.password}),
        },
    )
    with grpc.insecure_channel(server.address) as channel:
        answer = upload_pb2_grpc.UploadServiceStub(channel).UploadStartBatch(
            upload_pb2.UploadStartBatchRequest(http_body=body), metadata=auth
        )
        started = json.loads(answer.body.data)
        assert started["total"] == 4
        principal = authenticate(key, None, settings=server.settings)
        events = asyncio.run(
            asyncio.wait_for(follow(principal, started["job_id"], server.settings), 120)
        )
        status = batch_pb2_grpc.BatchServiceStub(channel).GetBatchStatus(
            batch_pb2.GetBatchStatusRequest(job_id=started["job_id"]), metadata=auth
        )
        listed = history_pb2_grpc.HistoryServiceStub(channel).ListDocuments(
            history_pb2.ListDocumentsRequest(), metadata=auth
        )

    finished = {e.source for e in events if e.type == "document_finished"}
    failed = {e.source: e.error for e in events if e.type == "document_failed"}
    assert finished == {"april.pdf", "may.pdf", "june.pdf"}
    assert list(failed) == ["notes.txt"] and "PDF" in (failed["notes.txt"] or "")
    assert events[-1].type == "completed"
    assert [d.source for d in status.documents] == ["april.pdf", "may.pdf", "june.pdf", "notes.txt"]
    assert (status.done, status.failed) == (3, 1)
    assert sorted(d.filename for d in listed.documents) == [
        "april.pdf",
        "june.pdf",
        "may.pdf",
        "notes.txt",
    ]


def test_passwords_must_map_names_to_passwords(server: ServerThread) -> None:
    _, key = create_key("uploads", 10, settings=server.settings)
    body = multipart([("a.pdf", statement(1).pdf)], {"passwords": '["not", "a", "map"]'})
    with grpc.insecure_channel(server.address) as channel, pytest.raises(grpc.RpcError) as error:
        upload_pb2_grpc.UploadServiceStub(channel).UploadStartBatch(
            upload_pb2.UploadStartBatchRequest(http_body=body), metadata=(("x-api-key", key),)
        )
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "passwords must map file names" in (error.value.details() or "")
