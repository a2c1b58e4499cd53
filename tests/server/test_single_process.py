"""``/api/single/process`` on the real grpc.aio server in process (no Envoy): the answer's stage
timings (kept with the document in history, a failed one's too), and the link to the text of a
document too large to answer page by page, which only its owner can follow."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator

import grpc
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from casgate.v1 import batch_pb2, history_pb2, history_pb2_grpc, parse_pb2, parse_pb2_grpc
from clients._errors import api_error
from core.accounts import create_key
from core.single import MAX_ANSWERED_TEXT
from tests.conftest import start_server_thread
from tests.harness import ServerThread, serve_bytes
from tests.statements import GeneratedStatement, generate

#: every stage a digital statement goes through in a single document (tagged unless told not)
STATEMENT_STAGES = {"fetch_ms", "open_ms", "text_ms", "detect_ms", "parse_ms", "tag_ms", "store_ms"}
#: milliseconds each rounded stage may add to their sum over the rounded total
ROUNDING = 0.1


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("single-process"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def cams() -> GeneratedStatement:
    return generate(issuer="CAMS", variant="DETAILED", seed=31, pages=2)


Stubs = tuple[parse_pb2_grpc.ParseServiceStub, history_pb2_grpc.HistoryServiceStub]


@pytest.fixture
def stubs(server: ServerThread) -> Iterator[Stubs]:
    with grpc.insecure_channel(server.address) as channel:
        yield parse_pb2_grpc.ParseServiceStub(channel), history_pb2_grpc.HistoryServiceStub(channel)


def _key(server: ServerThread, name: str) -> tuple[tuple[str, str], ...]:
    _, key = create_key(name, 100, settings=server.settings)
    return (("x-api-key", key),)


def _stages(timings: batch_pb2.StageTimings) -> dict[str, float]:
    return {field.name: value for field, value in timings.ListFields()}


def _plausible(timings: batch_pb2.StageTimings, processing_ms: float) -> dict[str, float]:
    """The stages that ran: none negative, and those within processing_ms (all but the
    download, which comes before) adding up to no more than it."""
    stages = _stages(timings)
    assert all(ms >= 0 for ms in stages.values()), stages
    within = {name: ms for name, ms in stages.items() if name != "download_ms"}
    assert sum(within.values()) <= processing_ms + ROUNDING * (len(within) + 1), stages
    return stages


def _big_pdf(pages: int, seed: int) -> tuple[bytes, list[str]]:
    """A digital PDF of ``pages`` pages of words, each page opening with its own marker."""
    rng = random.Random(seed)
    words = ["folio", "units", "nav", "amount", "scheme", "balance", "redemption", "purchase"]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    markers = []
    for page in range(1, pages + 1):
        markers.append(f"marker{page:03d}")
        canvas.setFont("Helvetica", 8)
        canvas.drawString(40, 810, markers[-1])
        for row in range(90):
            line = " ".join(rng.choice(words) for _ in range(14))
            canvas.drawString(40, 800 - 8.5 * row, line)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), markers


def test_a_statement_answers_its_stage_timings_and_history_keeps_them(
    server: ServerThread,
    stubs: Stubs,
    cams: GeneratedStatement,
) -> None:
    parse, history = stubs
    mine = _key(server, "timings")
    done = parse.ProcessDocument(
        parse_pb2.ProcessDocumentRequest(file=cams.pdf, filename="cas.pdf", password=cams.password),
        metadata=mine,
    )
    assert done.document_type == "CAMS_KFINTECH" and done.HasField("statement")
    assert set(_plausible(done.timings, done.processing_ms)) == STATEMENT_STAGES
    assert not done.text_omitted and done.text_url == ""

    kept = history.GetDocument(
        history_pb2.GetDocumentRequest(document_id=done.document_id), metadata=mine
    )
    assert kept.timings == done.timings and kept.processing_ms == done.processing_ms
    listed = history.ListDocuments(history_pb2.ListDocumentsRequest(), metadata=mine)
    assert [d.timings for d in listed.documents] == [done.timings]

    # without parsing, no parse stage
    unparsed = parse.ProcessDocument(
        parse_pb2.ProcessDocumentRequest(
            file=cams.pdf,
            filename="cas.pdf",
            password=cams.password,
            options=parse_pb2.ProcessOptions(parse=False),
        ),
        metadata=mine,
    )
    assert set(_plausible(unparsed.timings, unparsed.processing_ms)) == STATEMENT_STAGES - {
        "parse_ms"
    }


def test_a_url_adds_its_download_and_names_the_document(
    server: ServerThread,
    stubs: Stubs,
    cams: GeneratedStatement,
) -> None:
    parse, history = stubs
    mine = _key(server, "download")
    with serve_bytes(cams.pdf, "/statements/cas.pdf") as url:
        signed = f"{url}?X-Amz-Signature=secret#page=2"
        done = parse.ProcessDocument(
            parse_pb2.ProcessDocumentRequest(url=signed, password=cams.password), metadata=mine
        )
    # named by the URL's path: its query (a presigned URL's signature) is not kept
    assert done.filename == "cas.pdf"
    stages = _plausible(done.timings, done.processing_ms)
    assert set(stages) == STATEMENT_STAGES | {"download_ms"}
    kept = history.GetDocument(
        history_pb2.GetDocumentRequest(document_id=done.document_id), metadata=mine
    )
    assert kept.timings == done.timings and kept.filename == "cas.pdf"


def test_a_failed_document_keeps_the_stages_it_went_through(
    server: ServerThread,
    stubs: Stubs,
    cams: GeneratedStatement,
) -> None:
    parse, history = stubs
    mine = _key(server, "failed")
    with pytest.raises(grpc.RpcError) as refused:
        parse.ProcessDocument(
            parse_pb2.ProcessDocumentRequest(file=cams.pdf, password="wrong"), metadata=mine
        )
    assert api_error(refused.value).status == 400
    [failed] = history.ListDocuments(history_pb2.ListDocumentsRequest(), metadata=mine).documents
    assert failed.status == "failed" and "password" in failed.error.lower()
    # it was fetched, then failed while opening: nothing after that ran
    assert set(_plausible(failed.timings, failed.processing_ms)) == {"fetch_ms", "open_ms"}


def test_a_large_text_is_linked_and_only_its_owner_reads_it(
    server: ServerThread, stubs: Stubs
) -> None:
    parse, history = stubs
    mine, theirs = _key(server, "large"), _key(server, "other")
    pdf, markers = _big_pdf(pages=60, seed=3)
    done = parse.ProcessDocument(
        parse_pb2.ProcessDocumentRequest(file=pdf, filename="big.pdf"), metadata=mine
    )
    assert (done.pages, done.document_type) == (60, "UNKNOWN")
    assert done.text_omitted and list(done.page_texts) == []
    assert done.text_url == f"/api/history/documents/{done.document_id}/text"

    request = history_pb2.GetDocumentTextRequest(document_id=done.document_id)
    text = history.GetDocumentText(request, metadata=mine)
    assert (text.document_id, text.pages, text.text_truncated) == (done.document_id, 60, False)
    assert sum(len(page) for page in text.page_texts) > MAX_ANSWERED_TEXT
    # page by page: each page holds its own marker and no other
    assert len(text.page_texts) == 60
    for page, marker in zip(text.page_texts, markers, strict=True):
        assert [m for m in markers if m in page] == [marker]

    for who, document_id in ((theirs, done.document_id), (mine, "0" * 32)):
        with pytest.raises(grpc.RpcError) as missing:
            history.GetDocumentText(
                history_pb2.GetDocumentTextRequest(document_id=document_id), metadata=who
            )
        assert api_error(missing.value).status == 404


def test_a_small_document_text_reads_the_same_from_history(
    server: ServerThread,
    stubs: Stubs,
    cams: GeneratedStatement,
) -> None:
    parse, history = stubs
    mine = _key(server, "small")
    done = parse.ProcessDocument(
        parse_pb2.ProcessDocumentRequest(file=cams.pdf, password=cams.password), metadata=mine
    )
    text = history.GetDocumentText(
        history_pb2.GetDocumentTextRequest(document_id=done.document_id), metadata=mine
    )
    assert list(text.page_texts) == list(done.page_texts) and len(done.page_texts) == done.pages
