"""``/api/single/process`` on scans that are no statements: ``options.searchable_pdf`` gives a
PDF whose invisible text layer holds what the scan shows (only its owner can download it), and
any PDF comes back with its type, text per page, OCR summary and tags."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import grpc
import pdfplumber
import pytest

from casgate.v1 import (
    history_pb2,
    history_pb2_grpc,
    parse_pb2,
    parse_pb2_grpc,
    tag_pb2,
    tag_pb2_grpc,
)
from clients import Client
from clients._errors import api_error
from core.accounts import create_key
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.scans import DOCUMENTS, Noise, scan


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(
        tmp_path_factory.mktemp("searchable"), settings={"ocr_page_timeout_seconds": 900}
    )
    yield running
    running.stop()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _layer_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def _status(call: object, request: object, key: str) -> int:
    try:
        call(request, metadata=(("x-api-key", key),))  # type: ignore[operator]
    except grpc.RpcError as error:
        return api_error(error).status
    return 200


@pytest.mark.parametrize(
    ("kind", "noise"),
    [
        ("invoice", Noise(dpi=300, skew=2.0, jpeg_quality=70)),
        ("salary_slip", Noise(dpi=250, rotation=90, skew=-1.5, blur=0.6)),
    ],
)
def test_a_scan_comes_back_searchable(server: ServerThread, kind: str, noise: Noise) -> None:
    _, key = create_key(f"searchable-{kind}", 10, settings=server.settings)
    _, other_key = create_key(f"other-{kind}", 10, settings=server.settings)
    scanned = scan(DOCUMENTS[kind](11), [noise], seed=5)
    assert _layer_text(scanned.pdf).strip() == ""  # a scan: no text layer to begin with
    with grpc.insecure_channel(server.address) as channel:
        parse = parse_pb2_grpc.ParseServiceStub(channel)
        history = history_pb2_grpc.HistoryServiceStub(channel)
        options = parse_pb2.ProcessOptions(ocr=True, parse=False, searchable_pdf=True)
        done = parse.ProcessDocument(
            parse_pb2.ProcessDocumentRequest(
                file=scanned.pdf, filename="scan.pdf", options=options
            ),
            metadata=(("x-api-key", key),),
        )
        request = history_pb2.GetSearchablePdfRequest(document_id=done.document_id)
        answer = history.GetSearchablePdf(request, metadata=(("x-api-key", key),))
        assert answer.body.content_type == "application/pdf"
        with Client(server.address, api_key=key) as casgate:  # the typed client unwraps it
            assert casgate.get_searchable_pdf(done.document_id) == answer.body.data
        assert _status(history.GetSearchablePdf, request, other_key) == 404

        # without the option there is none
        plain = parse.ProcessDocument(
            parse_pb2.ProcessDocumentRequest(
                file=scanned.pdf,
                filename="plain.pdf",
                options=parse_pb2.ProcessOptions(ocr=True, parse=False),
            ),
            metadata=(("x-api-key", key),),
        )
        missing = history_pb2.GetSearchablePdfRequest(document_id=plain.document_id)
        assert _status(history.GetSearchablePdf, missing, key) == 404

        # deleting the job removes the searchable copy with the document
        kept = list(server.settings.data_dir.rglob("*.searchable.pdf"))
        job_id = history.GetDocument(
            history_pb2.GetDocumentRequest(document_id=done.document_id),
            metadata=(("x-api-key", key),),
        ).job_id
        history.DeleteJob(
            history_pb2.DeleteJobRequest(job_id=job_id), metadata=(("x-api-key", key),)
        )
        gone = set(kept) - set(server.settings.data_dir.rglob("*.searchable.pdf"))
        assert len(gone) == 1 and job_id in str(gone.pop())

    truth = _words(scanned.truth[0])
    layer = _layer_text(answer.body.data)
    # OCR misreads a word here and there (INV0ICE); the layer holds what it read, in place
    missed = [w for w in truth if w not in layer]
    assert len(missed) <= 0.1 * len(truth), missed
    with pdfplumber.open(io.BytesIO(answer.body.data)) as document:
        page = document.pages[0]
        # shown upright: a sideways scan's page is turned, so its width is the short side
        assert page.width < page.height
        # the layer lies over the page, not beside it
        assert all(0 <= c["x0"] <= page.width and 0 <= c["top"] <= page.height for c in page.chars)


def test_any_pdf_is_processed_and_kept(server: ServerThread) -> None:
    """``/api/single/process`` on a scanned letter that is no statement: its type, pages, text
    per page, OCR summary and tags come back, and history keeps it (OCR by default)."""
    _, key = create_key("any-pdf", 10, settings=server.settings)
    mine = (("x-api-key", key),)
    letter = scan(DOCUMENTS["insurance_letter"](4), [Noise(dpi=300)], seed=2)
    with grpc.insecure_channel(server.address) as channel:
        tags = tag_pb2_grpc.TagServiceStub(channel)
        tags.CreateTag(
            tag_pb2.CreateTagRequest(name="insurance", match_algorithm="any", match="policy"),
            metadata=mine,
        )
        done = parse_pb2_grpc.ParseServiceStub(channel).ProcessDocument(
            parse_pb2.ProcessDocumentRequest(
                file=letter.pdf,
                filename="letter.pdf",
                options=parse_pb2.ProcessOptions(tag=True),
            ),
            metadata=mine,
        )
        kept = history_pb2_grpc.HistoryServiceStub(channel).GetDocument(
            history_pb2.GetDocumentRequest(document_id=done.document_id), metadata=mine
        )
    assert (done.document_type, done.pages, done.ocr_used) == ("UNKNOWN", 1, True)
    assert not done.HasField("statement")
    assert len(done.page_texts) == 1 and not done.text_omitted
    missed = [w for w in _words(letter.truth[0]) if w not in done.page_texts[0]]
    assert len(missed) <= 0.1 * len(_words(letter.truth[0])), missed
    [page] = done.ocr.pages
    assert (page.page, page.engine) == (1, "tesseract") and page.confidence > 50
    assert [(t.name, t.source, t.confidence) for t in done.tag_sources] == [
        ("insurance", "rule", 1.0)
    ]
    assert list(done.tags) == ["insurance"] and list(done.suggested_tags) == []
    assert done.processing_ms > 0
    # the scan went through OCR and tagging, each timed; a letter is not parsed
    assert done.timings.HasField("ocr_ms") and done.timings.HasField("tag_ms")
    assert not done.timings.HasField("parse_ms")
    assert (kept.status, kept.document_type, list(kept.tags)) == (
        "completed",
        "UNKNOWN",
        ["insurance"],
    )
