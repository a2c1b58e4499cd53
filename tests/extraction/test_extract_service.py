"""POST /v1/extract and GET /v1/jobs/{job_id} over the real grpc.aio server in process: both
modes, the 504 past the deadline while the job goes on, credits, stored documents, another
account's job (404), and bad input with its documented status and code."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from casgate.v1 import extraction_pb2 as pb
from casgate.v1 import extraction_pb2_grpc
from core.accounts import create_key, credits_info
from core.accounts.auth import authenticate
from core.extraction.jobs import INTERRUPTED, create_job, fail_stale
from core.extraction.models import JobKind, Mode
from core.single import process_document
from core.tagging import TagFields, create_tag
from tests.conftest import start_server_thread
from tests.extraction.documents import make_invoice
from tests.extraction.helpers import failure, plain, wait_for_job
from tests.harness import ServerThread, serve_bytes
from tests.statements import generate


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("extract"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    """A server whose response mode gives up at once: every response-mode call is a 504."""
    running = start_server_thread(
        tmp_path_factory.mktemp("extract-slow"), settings={"extraction_response_seconds": 0.0}
    )
    yield running
    running.stop()


@pytest.fixture
def channel(server: ServerThread) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(server.address) as opened:
        yield opened


def _key(server: ServerThread, credits: float = 10) -> str:
    return create_key("extraction tests", credits, settings=server.settings)[1]


def _used(server: ServerThread, key: str) -> float:
    principal = authenticate(key, None, settings=server.settings)
    return float(credits_info(principal, settings=server.settings).used)


def test_response_mode_answers_the_result_and_charges_once(
    server: ServerThread, channel: grpc.Channel
) -> None:
    key = _key(server)
    invoice = make_invoice(5)
    stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
    answer = stub.Extract(
        pb.ExtractRequest(file=invoice.pdf, filename="invoice.pdf"),
        metadata=(("x-api-key", key),),
    )
    assert (answer.status, answer.filename) == ("completed", "invoice.pdf")
    result = plain(answer.result)
    assert result["document_type"] == "invoice"
    assert result["pages"] == 1 and invoice.number in result["text_by_page"][0]
    assert result["fields"]["invoice_number"]["value"] == invoice.number
    assert result["fields"]["total_amount"]["value"] == invoice.total
    (table,) = result["tables"]
    assert len(table["rows"]) == len(invoice.items)
    assert _used(server, key) == 1.0  # the `extraction` feature's price, once
    job = stub.GetExtractionJob(
        pb.GetExtractionJobRequest(job_id=answer.job_id), metadata=(("x-api-key", key),)
    )
    assert (job.kind, job.status, job.mode) == ("extraction", "completed", "response")
    assert plain(job.result) == result


def test_callback_mode_answers_queued_and_the_job_completes(
    server: ServerThread, channel: grpc.Channel
) -> None:
    key = _key(server)
    stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
    answer = stub.Extract(
        pb.ExtractRequest(file=make_invoice(6).pdf, mode="callback"),
        metadata=(("x-api-key", key),),
    )
    assert answer.status == "queued" and answer.job_id
    assert not answer.HasField("result")
    job = wait_for_job(stub, answer.job_id, key)
    assert (job.status, job.mode, job.result.document_type) == ("completed", "callback", "invoice")
    assert job.finished_at.seconds >= job.created_at.seconds


def test_past_the_deadline_response_mode_is_504_and_the_job_goes_on(
    slow_server: ServerThread,
) -> None:
    key = _key(slow_server)
    with grpc.insecure_channel(slow_server.address) as channel:
        stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
        timed_out = failure(stub.Extract, pb.ExtractRequest(file=make_invoice(7).pdf), key)
        assert (timed_out.status, timed_out.code) == (504, "PROCESSING_TIMEOUT")
        job_id = timed_out.message.split("job ")[1].split(" ")[0]
        job = wait_for_job(stub, job_id, key)
    assert (job.status, job.result.document_type) == ("completed", "invoice")
    assert _used(slow_server, key) == 1.0  # the job succeeded, so it is paid for


def test_another_accounts_job_is_404(server: ServerThread, channel: grpc.Channel) -> None:
    mine, theirs = _key(server), _key(server)
    stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
    answer = stub.Extract(
        pb.ExtractRequest(file=make_invoice(8).pdf), metadata=(("x-api-key", mine),)
    )
    lookup = pb.GetExtractionJobRequest(job_id=answer.job_id)
    assert failure(stub.GetExtractionJob, lookup, theirs).status == 404
    unknown = pb.GetExtractionJobRequest(job_id="0" * 32)
    assert failure(stub.GetExtractionJob, unknown, mine).status == 404


@pytest.mark.parametrize(
    ("request_fields", "status", "code", "words"),
    [
        ({"mode": "later"}, 400, "BAD_REQUEST", ("'response'", "'callback'")),
        ({"file": b"hello, not a PDF"}, 400, "NOT_A_PDF", ("not a PDF",)),
        ({"file": b""}, 400, "BAD_REQUEST", ("exactly one of file, url and document_id",)),
        ({"url": "http://x.test/a.pdf"}, 400, "BAD_REQUEST", ("exactly one",)),
        ({"schema": {"type": "nonsense"}}, 400, "BAD_REQUEST", ("not a valid JSON Schema",)),
    ],
    ids=["bad-mode", "not-a-pdf", "nothing", "file-and-url", "bad-schema"],
)
def test_bad_input_is_a_documented_error_and_costs_nothing(
    server: ServerThread,
    channel: grpc.Channel,
    request_fields: dict[str, object],
    status: int,
    code: str,
    words: tuple[str, ...],
) -> None:
    key = _key(server)
    fields: dict[str, object] = {"file": make_invoice(9).pdf, **request_fields}
    if fields["file"] == b"":
        fields.pop("file")
    request = pb.ExtractRequest()
    for name, value in fields.items():
        if name == "schema":
            request.schema.update(value)  # type: ignore[arg-type]
        else:
            setattr(request, name, value)
    found = failure(extraction_pb2_grpc.ExtractionServiceStub(channel).Extract, request, key)
    assert (found.status, found.code) == (status, code), found
    assert all(word in found.message for word in words), found.message
    assert "Traceback" not in found.message
    assert _used(server, key) == 0.0


def test_an_encrypted_pdf_without_its_password_fails_and_is_refunded(
    server: ServerThread, channel: grpc.Channel
) -> None:
    key = _key(server)
    statement = generate(issuer="CAMS", variant="SUMMARY", seed=3, pages=1)
    assert statement.password
    stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
    found = failure(stub.Extract, pb.ExtractRequest(file=statement.pdf), key)
    assert (found.status, found.code) == (400, "PASSWORD_REQUIRED")
    assert _used(server, key) == 0.0  # reserved, then given back
    opened = stub.Extract(
        pb.ExtractRequest(file=statement.pdf, password=statement.password),
        metadata=(("x-api-key", key),),
    )
    assert opened.result.document_type == "cams_kfintech"
    assert opened.result.cas_type == "CAMS_KFINTECH"


def test_too_few_credits_is_402_before_any_job(server: ServerThread, channel: grpc.Channel) -> None:
    key = _key(server, credits=0)
    stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
    found = failure(stub.Extract, pb.ExtractRequest(file=make_invoice(10).pdf), key)
    assert (found.status, found.code) == (402, "INSUFFICIENT_CREDITS")


def test_a_url_and_a_stored_document_are_read_like_an_upload(
    server: ServerThread, channel: grpc.Channel, tmp_path: Path
) -> None:
    key, other = _key(server), _key(server)
    invoice = make_invoice(11)
    stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
    mine = (("x-api-key", key),)
    with serve_bytes(invoice.pdf, "/bills/march.pdf") as url:
        fetched = stub.Extract(pb.ExtractRequest(url=url), metadata=mine)
    assert fetched.filename == "march.pdf"
    assert fetched.result.fields["invoice_number"].value.string_value == invoice.number

    principal = authenticate(key, None, settings=server.settings)
    stored = asyncio.run(
        process_document(principal, invoice.pdf, "kept.pdf", None, {"parse": False, "ocr": False},
                         settings=server.settings)
    )  # fmt: skip
    again = stub.Extract(pb.ExtractRequest(document_id=stored.document_id), metadata=mine)
    assert again.result.fields["invoice_number"].value.string_value == invoice.number
    theirs = pb.ExtractRequest(document_id=stored.document_id)
    assert failure(stub.Extract, theirs, other).status == 404


def test_the_accounts_tags_are_set(server: ServerThread, channel: grpc.Channel) -> None:
    key = _key(server)
    principal = authenticate(key, None, settings=server.settings)
    fields = TagFields(name="bills", match_algorithm="all", match="tax invoice")
    asyncio.run(create_tag(principal, fields, settings=server.settings))
    stub = extraction_pb2_grpc.ExtractionServiceStub(channel)
    mine = (("x-api-key", key),)
    tagged = stub.Extract(pb.ExtractRequest(file=make_invoice(12).pdf), metadata=mine)
    assert list(tagged.result.tags) == ["bills"]
    statement = generate(issuer="CAMS", variant="SUMMARY", seed=13, pages=1, encryption=None)
    untagged = stub.Extract(pb.ExtractRequest(file=statement.pdf), metadata=mine)
    assert list(untagged.result.tags) == []


def test_a_job_a_stopped_server_left_unfinished_fails_once_stale(tmp_path: Path) -> None:
    first = start_server_thread(tmp_path)
    key = _key(first)
    principal = authenticate(key, None, settings=first.settings)
    job_id = create_job(first.settings, principal, JobKind.EXTRACTION, Mode.CALLBACK, "a.pdf")
    assert fail_stale(first.settings) == 0  # a fresh job may be running on another server
    first.stop()  # as if it died with the job queued
    # a job this old lost its server: the next start fails it (with its event)
    second = start_server_thread(tmp_path, settings={"extraction_job_stale_seconds": 0})
    try:
        with grpc.insecure_channel(second.address) as opened:
            job = extraction_pb2_grpc.ExtractionServiceStub(opened).GetExtractionJob(
                pb.GetExtractionJobRequest(job_id=job_id), metadata=(("x-api-key", key),)
            )
    finally:
        second.stop()
    assert (job.status, job.error, job.error_status) == ("failed", INTERRUPTED, 500)
