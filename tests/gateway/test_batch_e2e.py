"""Issue 6 through the real gateway: what the gateway adds to batches (SSE, WebSocket,
multipart uploads, the CSV template, REST bodies and query parameters). The batch and history
behaviour itself (200 documents, control, failures, ownership, path checks, restarts) is tested
in process in tests/server/test_batch_service.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest

from casgate.v1 import batch_pb2, batch_pb2_grpc
from core.accounts import create_key
from tests.batch.conftest import grant_batch_root
from tests.batch.roots import passwords_of, write_statement_root
from tests.conftest import Stack, start_stack
from tests.harness import serve_bytes
from tests.statements import generate

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def batch_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """A few statements on disk and the ground truth of each file name."""
    root = tmp_path_factory.mktemp("batch-root")
    return root, write_statement_root(root, 5)


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, batch_root: tuple[Path, dict[str, Any]]
) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("batch"),
        settings={"batch_root": str(batch_root[0]), "rate_limit_per_minute": 10_000},
    )
    yield running
    running.stop()


def key_for(stack: Stack, credits: float = 1000) -> dict[str, str]:
    info, plaintext = create_key("batch", credits, settings=stack.server.settings)
    grant_batch_root(stack.server.settings, info.account_id)
    return {"x-api-key": plaintext}


def sources(root: Path, names: list[str]) -> list[dict[str, str]]:
    return [{"path": n, "password": p} for n, p in passwords_of(root, names)]


def watch_sse(
    stack: Stack, job_id: str, auth: dict[str, str], after_seq: int = 0
) -> list[dict[str, Any]]:
    events = []
    url = f"{stack.url}/api/batch/jobs/{job_id}/events"
    params = {"after_seq": after_seq} if after_seq else {}
    with httpx.stream("GET", url, headers=auth, params=params, timeout=300) as response:
        assert response.status_code == 200
        for line in response.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
    return events


def ended(events: list[dict[str, Any]]) -> str:
    """How a watched job ended: its terminal event, or for a watcher that joined after the end,
    the status its snapshot reports."""
    last = events[-1]
    return str(last["status"] if last["type"] == "snapshot" else last["type"])


def status(stack: Stack, job_id: str, auth: dict[str, str]) -> dict[str, Any]:
    response = httpx.get(f"{stack.url}/api/batch/jobs/{job_id}/status", headers=auth)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_grpc_watch_streams_the_same_events(
    stack: Stack, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    auth = key_for(stack)
    job = httpx.post(
        f"{stack.url}/api/batch/start",
        json={"sources": sources(root, sorted(truths)[:3])},
        headers=auth,
    ).json()
    with grpc.insecure_channel(stack.gateway.address) as channel:
        stub = batch_pb2_grpc.BatchServiceStub(channel)
        events = list(
            stub.WatchBatch(
                batch_pb2.WatchBatchRequest(job_id=job["job_id"]), metadata=tuple(auth.items())
            )
        )
    last = events[-1]
    assert (last.status if last.type == "snapshot" else last.type) == "completed"
    assert last.done == 3
    rest = watch_sse(stack, job["job_id"], auth, after_seq=0)
    assert rest[-1]["seq"] == events[-1].seq


def test_another_accounts_job_is_a_404_body_over_rest_and_sse(
    stack: Stack, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    owner, stranger = key_for(stack), key_for(stack)
    job = httpx.post(
        f"{stack.url}/api/batch/start", json={"sources": sources(root, sorted(truths)[:1])},
        headers=owner,
    ).json()  # fmt: skip
    job_id = job["job_id"]
    for verb, path in [
        ("GET", f"/api/batch/jobs/{job_id}/events"),
        ("POST", f"/api/batch/jobs/{job_id}/cancel"),
        ("DELETE", f"/api/history/jobs/{job_id}"),
    ]:
        kwargs = {"json": {}} if verb == "POST" else {}
        response = httpx.request(verb, f"{stack.url}{path}", headers=stranger, **kwargs)
        assert response.status_code == 404, (verb, path, response.text)
        body = response.json()
        assert body == {"status": "failed", "msg": body["msg"], "code": "NOT_FOUND"}


def test_template_csv_and_legacy_sync_process(
    stack: Stack, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    auth = key_for(stack)  # the CSV is an HttpBody: its content type is the gateway's doing
    template = httpx.get(f"{stack.url}/api/batch/template", headers=auth)
    assert template.status_code == 200 and template.headers["content-type"].startswith("text/csv")
    header = template.text.splitlines()[0]
    assert "path" in header and "password" in header

    names = sorted(truths)[:2]
    processed = httpx.post(
        f"{stack.url}/api/batch/process", json={"sources": sources(root, names)}, headers=auth,
        timeout=120,
    ).json()  # fmt: skip
    assert processed["status"] == "completed" and processed["done"] == 2
    for result, name in zip(processed["results"], names, strict=True):
        folios = [f["folio_number"] for f in result["statement"]["mutual_funds"]]
        assert folios == [f["folio_number"] for f in truths[name]["mutual_funds"]]


def test_multipart_batch_upload(stack: Stack) -> None:
    auth = key_for(stack)
    made = [generate(issuer="CAMS", variant="SUMMARY", seed=2000 + i, pages=1, encryption=None)
            for i in range(3)]  # fmt: skip
    files = [("files", (f"u{i}.pdf", m.pdf, "application/pdf")) for i, m in enumerate(made)]
    started = httpx.post(
        f"{stack.url}/api/batch/start", files=files, data={"name": "uploads"}, headers=auth
    )
    assert started.status_code == 200, started.text
    events = watch_sse(stack, started.json()["job_id"], auth)
    assert ended(events) == "completed" and events[-1]["done"] == 3


# --- single documents ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """A loopback HTTP server with one statement, and that statement."""
    made = generate(issuer="KFINTECH", variant="DETAILED", seed=3000, pages=2)
    with serve_bytes(made.pdf, "/statements/kfin.pdf") as url:
        yield url, made


def test_single_process_keeps_the_document(stack: Stack, served: tuple[str, Any]) -> None:
    url, made = served
    auth = key_for(stack)
    uploaded = httpx.post(
        f"{stack.url}/api/single/process",
        files={"file": ("kfin.pdf", made.pdf, "application/pdf")},
        data={"password": made.password},
        headers=auth,
        timeout=60,
    )
    assert uploaded.status_code == 200, uploaded.text
    body = uploaded.json()
    assert body["filename"] == "kfin.pdf" and body["status"] == "completed"
    assert body["confidence"] > 0.9
    truth_folios = [f["folio_number"] for f in made.truth["mutual_funds"]]
    assert [f["folio_number"] for f in body["statement"]["mutual_funds"]] == truth_folios
    stored = httpx.get(f"{stack.url}/api/history/documents/{body['document_id']}", headers=auth)
    assert stored.status_code == 200 and stored.json()["pages"] == body["pages"]

    by_url = httpx.post(
        f"{stack.url}/api/single/process",
        json={"url": url, "password": made.password},
        headers=auth,
        timeout=60,
    ).json()
    assert by_url["filename"] == "kfin.pdf"
    assert [f["folio_number"] for f in by_url["statement"]["mutual_funds"]] == truth_folios

    wrong = httpx.post(
        f"{stack.url}/api/single/process", json={"url": url, "password": "nope"}, headers=auth
    )
    assert wrong.status_code == 400 and "password" in wrong.json()["msg"].lower()


def test_preview_of_a_url(stack: Stack, served: tuple[str, Any]) -> None:
    import base64
    import io

    from PIL import Image

    url, made = served
    preview = httpx.get(
        f"{stack.url}/api/single/preview",
        params={"url": url, "password": made.password},
        headers=key_for(stack),
        timeout=60,
    )
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["encrypted"] is True and body["pages"] == made.pages
    assert body["size"] == len(made.pdf)
    assert "Consolidated Account Statement" in body["first_page_text"]
    image = Image.open(io.BytesIO(base64.b64decode(body["thumbnail"])))
    assert image.format == "PNG" and max(image.size) <= 320


# --- WebSocket ---------------------------------------------------------------------------------


def ws_events(stack: Stack, path: str) -> list[dict[str, Any]]:
    from websockets.sync.client import connect

    events = []
    with connect(f"ws://{stack.gateway.address}{path}", open_timeout=10) as socket:
        for frame in socket:
            events.append(json.loads(frame))
    return events


def test_websocket_streams_the_same_events(
    stack: Stack, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    auth = key_for(stack)
    job = httpx.post(
        f"{stack.url}/api/batch/start", json={"sources": sources(root, sorted(truths)[:5])},
        headers=auth,
    ).json()  # fmt: skip
    token = auth["x-api-key"]
    events = ws_events(stack, f"/api/batch/ws/{job['job_id']}?token={token}")
    assert events[0]["type"] == "snapshot"
    assert ended(events) == "completed"
    sse = watch_sse(stack, job["job_id"], auth)
    assert sse[-1]["seq"] == events[-1]["seq"]
    replay = ws_events(stack, f"/api/batch/ws/{job['job_id']}?token={token}&after_seq=0")
    assert replay[0]["type"] == "snapshot"


def raw_sse(stack: Stack, job_id: str, auth: dict[str, str], after_seq: int) -> list[str]:
    url = f"{stack.url}/api/batch/jobs/{job_id}/events"
    with httpx.stream(
        "GET", url, headers=auth, params={"after_seq": after_seq}, timeout=300
    ) as response:
        return [line[6:] for line in response.iter_lines() if line.startswith("data: ")]


def raw_ws(stack: Stack, path: str) -> list[str]:
    from websockets.sync.client import connect

    with connect(f"ws://{stack.gateway.address}{path}", open_timeout=10) as socket:
        return [str(frame) for frame in socket]


def test_websocket_frames_are_the_sse_lines_byte_for_byte(
    stack: Stack, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    auth = key_for(stack)
    job = httpx.post(
        f"{stack.url}/api/batch/start", json={"sources": sources(root, sorted(truths)[:2])},
        headers=auth,
    ).json()  # fmt: skip
    assert ended(watch_sse(stack, job["job_id"], auth)) == "completed"
    # a replay after the first event: the same stored events, no snapshot taken at a new time
    sse = raw_sse(stack, job["job_id"], auth, after_seq=1)
    ws = raw_ws(stack, f"/api/batch/ws/{job['job_id']}?token={auth['x-api-key']}&after_seq=1")
    assert len(sse) > 2 and ws == sse
    assert '"percent":100,' in ws[-1]  # a whole percentage prints as the transcoder prints it


def test_websocket_handshake_refusals_carry_the_error_body(stack: Stack) -> None:
    from websockets.exceptions import InvalidStatus

    auth = key_for(stack)
    for path, status_code in [
        ("/api/batch/ws/job_missing", 401),
        (f"/api/batch/ws/job_missing?token={auth['x-api-key']}", 404),
        ("/api/batch/ws/job_missing?token=cg_wrong", 401),
    ]:
        with pytest.raises(InvalidStatus) as refused:
            ws_events(stack, path)
        response = refused.value.response
        assert response.status_code == status_code, path
        assert json.loads(response.body)["status"] == "failed"


def test_single_process_form_options(stack: Stack, served: tuple[str, Any]) -> None:
    _, made = served
    auth = key_for(stack)

    def send(options: str) -> httpx.Response:
        return httpx.post(
            f"{stack.url}/api/single/process",
            files={"file": ("kfin.pdf", made.pdf, "application/pdf")},
            data={"password": made.password, "options": options},
            headers=auth,
            timeout=60,
        )

    assert send('{"parse": true}').status_code == 200
    assert send('{"ocr": true}').status_code == 200  # a digital PDF: nothing to read by OCR
    refused = send("{not json")
    assert refused.status_code == 400 and "options" in refused.json()["msg"]
