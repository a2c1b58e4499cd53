"""Unexpected errors are logged with type, message, traceback and request id, never with the
work's arguments; every record names its request, also when the work moved to a worker."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from casgate.v1 import parse_pb2, parse_pb2_grpc
from core.batch.queue import message_for
from core.errors import InternalError
from core.isolation import WorkerPool
from core.logs import FORMAT, RequestIdFilter, request_id_scope
from tests.conftest import OPERATOR_KEY, start_server_thread
from tests.worker_jobs import misread

PASSWORD = "hunter2-not-for-logs"
CONTENT = b"%PDF-1.7 CONFIDENTIAL-PORTFOLIO"


@pytest.fixture
def records(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.handler.addFilter(RequestIdFilter())
    caplog.handler.setFormatter(logging.Formatter(FORMAT))
    caplog.set_level(logging.ERROR)
    yield caplog


def test_a_worker_failure_is_logged_under_the_request_id(
    records: pytest.LogCaptureFixture,
) -> None:
    pool = WorkerPool(size=1, memory_mb=512, timeout=60)
    try:
        with request_id_scope("req_WorkerLog123"), pytest.raises(InternalError):
            pool.run(misread, CONTENT, PASSWORD)
    finally:
        pool.close()
    [record] = [r for r in records.records if r.name == "core.isolation"]
    assert record.request_id == "req_WorkerLog123"  # type: ignore[attr-defined]
    text = records.text
    assert "ValueError: could not read row 7" in text
    assert "Traceback" in text and "misread" in text
    assert "[req_WorkerLog123]" in text
    assert PASSWORD not in text and "CONFIDENTIAL" not in text


class ExplodingEngine:
    async def __call__(self, data: bytes, password: str | None, *args: Any, **kw: Any) -> Any:
        raise RuntimeError("engine broke on page 3")


def test_a_servicer_failure_is_logged_under_the_callers_request_id(
    records: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    server = start_server_thread(tmp_path, engine=ExplodingEngine())
    try:
        with grpc.insecure_channel(server.address) as channel:
            stub = parse_pb2_grpc.ParseServiceStub(channel)
            with pytest.raises(grpc.RpcError) as failed:
                stub.SmartParse(
                    parse_pb2.SmartParseRequest(pdf_file=CONTENT, password=PASSWORD),
                    metadata=(("x-api-key", OPERATOR_KEY), ("x-request-id", "req_Servicer42")),
                )
    finally:
        server.stop()
    assert failed.value.code() == grpc.StatusCode.INTERNAL
    [record] = [r for r in records.records if r.name == "casgate.server"]
    assert record.request_id == "req_Servicer42"  # type: ignore[attr-defined]
    assert "RuntimeError: engine broke on page 3" in records.text
    assert PASSWORD not in records.text and "CONFIDENTIAL" not in records.text


def test_queued_documents_carry_the_request_id_to_the_worker() -> None:
    with request_id_scope("req_Queued777"):
        assert message_for("job", "item").options["request_id"] == "req_Queued777"
    assert message_for("job", "item").options["request_id"] == "-"


def test_records_outside_a_call_say_so(records: pytest.LogCaptureFixture) -> None:
    logging.getLogger("casgate.test").error("started")
    assert "[-] started" in records.text
