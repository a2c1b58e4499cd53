"""Issue 6 through the real gateway: batches with streamed progress, control, history."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest

from casgate.v1 import batch_pb2, batch_pb2_grpc
from core.accounts import create_key
from tests.batch.conftest import grant_batch_root
from tests.conftest import Stack, start_stack
from tests.harness import serve_bytes
from tests.statements import generate

pytestmark = pytest.mark.e2e

VARIANTS_PER_STATEMENT = 4


@pytest.fixture(scope="module")
def batch_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """200 distinct statements on disk (50 generated, each in 4 byte-distinct copies: bytes
    after %%EOF change the hash, not the document) and the ground truth of each file name."""
    root = tmp_path_factory.mktemp("batch-root")
    truths: dict[str, dict[str, Any]] = {}
    passwords: dict[str, str] = {}
    for seed in range(50):
        made = generate(
            issuer="CAMS" if seed % 2 else "KFINTECH",
            variant="SUMMARY" if seed % 3 else "DETAILED",
            seed=1000 + seed,
            pages=1,
        )
        for copy in range(VARIANTS_PER_STATEMENT):
            name = f"s{seed:02d}_{copy}.pdf"
            (root / name).write_bytes(made.pdf + f"\n%copy {copy}\n".encode())
            truths[name] = made.truth
            passwords[name] = made.password
    (root / "passwords.json").write_text(json.dumps(passwords))
    return root, truths


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
    passwords = json.loads((root / "passwords.json").read_text())
    return [{"path": name, "password": passwords[name]} for name in names]


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


def test_200_documents_with_a_streaming_watcher(
    stack: Stack, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    auth = key_for(stack)
    names = sorted(truths)
    assert len(names) == 200
    started = httpx.post(
        f"{stack.url}/api/batch/start",
        json={"name": "two hundred", "sources": sources(root, names)},
        headers=auth,
    )
    assert started.status_code == 200, started.text
    job = started.json()
    assert job["status"] == "queued" and job["total"] == 200

    events = watch_sse(stack, job["job_id"], auth)
    seqs = [e["seq"] for e in events]
    assert events[0]["type"] == "snapshot"
    assert seqs[1:] == list(range(seqs[0] + 1, seqs[0] + len(seqs)))  # in order, none missing
    assert ended(events) == "completed" and events[-1]["percent"] == 100
    finished = [e for e in events if e["type"] == "document_finished"]
    already = events[0]["done"]  # documents finished before the watcher joined
    assert len(finished) + already == 200
    assert not [e for e in events if e["type"] == "document_failed"]
    percents = [e["percent"] for e in events]
    assert percents == sorted(percents)

    final = status(stack, job["job_id"], auth)
    assert (final["status"], final["done"], final["failed"]) == ("completed", 200, 0)
    by_source = {d["source"]: d for d in final["documents"]}
    for name in names[::37]:  # spot-check stored results against the ground truth
        document = httpx.get(
            f"{stack.url}/api/history/documents/{by_source[name]['document_id']}", headers=auth
        ).json()
        truth_folios = [f["folio_number"] for f in truths[name]["mutual_funds"]]
        assert [f["folio_number"] for f in document["statement"]["mutual_funds"]] == truth_folios

    # a late watcher gets the state, and resuming after a seq replays only what came after
    late = watch_sse(stack, job["job_id"], auth)
    assert late[0]["type"] == "snapshot" and late[0]["done"] == 200
    tail = watch_sse(stack, job["job_id"], auth, after_seq=seqs[-3])
    assert [e["seq"] for e in tail] == seqs[-2:]


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


def test_pause_resume_and_cancel(stack: Stack, batch_root: tuple[Path, dict[str, Any]]) -> None:
    root, truths = batch_root
    auth = key_for(stack)
    names = sorted(truths)[:30]
    job = httpx.post(
        f"{stack.url}/api/batch/start", json={"sources": sources(root, names)}, headers=auth
    ).json()
    job_id = job["job_id"]
    paused = httpx.post(f"{stack.url}/api/batch/jobs/{job_id}/pause", json={}, headers=auth).json()
    assert paused["status"] in ("paused", "completed")
    if paused["status"] == "paused":
        held = status(stack, job_id, auth)["done"]
        time.sleep(1)  # nothing moves while paused (the document in flight may finish)
        assert status(stack, job_id, auth)["done"] <= held + 2
        resumed = httpx.post(
            f"{stack.url}/api/batch/jobs/{job_id}/resume", json={}, headers=auth
        ).json()
        assert resumed["status"] in ("running", "queued", "completed")
    events = watch_sse(stack, job_id, auth)
    assert ended(events) == "completed"
    kinds = [e["type"] for e in watch_sse(stack, job_id, auth, after_seq=1)]
    if paused["status"] == "paused":
        assert "paused" in kinds and "resumed" in kinds

    doomed = httpx.post(
        f"{stack.url}/api/batch/start", json={"sources": sources(root, names)}, headers=auth
    ).json()
    cancelled = httpx.post(
        f"{stack.url}/api/batch/jobs/{doomed['job_id']}/cancel", json={}, headers=auth
    ).json()
    assert cancelled["status"] in ("cancelling", "cancelled", "completed")
    ending = watch_sse(stack, doomed["job_id"], auth)
    final = status(stack, doomed["job_id"], auth)
    assert final["status"] in ("cancelled", "completed")
    assert ended(ending) == final["status"]
    if final["status"] == "cancelled":
        assert final["done"] < len(names)
        assert any(d["status"] == "cancelled" for d in final["documents"])


def test_a_poison_document_fails_alone(
    stack: Stack, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    (root / "poison.pdf").write_bytes(b"%PDF-1.7\nthis is no statement\n%%EOF\n")
    auth = key_for(stack)
    good = sources(root, sorted(truths)[:4])
    job = httpx.post(
        f"{stack.url}/api/batch/start",
        json={"sources": [*good[:2], {"path": "poison.pdf"}, *good[2:]]},
        headers=auth,
    ).json()
    events = watch_sse(stack, job["job_id"], auth)
    # a watcher that joined late learns of earlier failures from the snapshot, not as events
    assert {e["source"] for e in events if e["type"] == "document_failed"} <= {"poison.pdf"}
    final = status(stack, job["job_id"], auth)
    assert (final["status"], final["done"], final["failed"]) == ("completed", 4, 1)
    failed = [d for d in final["documents"] if d["status"] == "failed"]
    assert [d["source"] for d in failed] == ["poison.pdf"] and failed[0]["error"]


def test_other_accounts_see_404(stack: Stack, batch_root: tuple[Path, dict[str, Any]]) -> None:
    root, truths = batch_root
    owner, stranger = key_for(stack), key_for(stack)
    job = httpx.post(
        f"{stack.url}/api/batch/start", json={"sources": sources(root, sorted(truths)[:1])},
        headers=owner,
    ).json()  # fmt: skip
    job_id = job["job_id"]
    for verb, path in [
        ("GET", f"/api/batch/jobs/{job_id}/status"),
        ("GET", f"/api/batch/jobs/{job_id}/events"),
        ("POST", f"/api/batch/jobs/{job_id}/cancel"),
        ("GET", f"/api/history/jobs/{job_id}"),
        ("DELETE", f"/api/history/jobs/{job_id}"),
    ]:
        kwargs = {"json": {}} if verb == "POST" else {}
        response = httpx.request(verb, f"{stack.url}{path}", headers=stranger, **kwargs)
        assert response.status_code == 404, (verb, path, response.text)
        body = response.json()
        assert body == {"status": "failed", "msg": body["msg"], "code": "NOT_FOUND"}
    watch_sse(stack, job_id, owner)
    mine = httpx.get(f"{stack.url}/api/history/jobs", headers=owner).json()
    theirs = httpx.get(f"{stack.url}/api/history/jobs", headers=stranger).json()
    assert job_id in [j["job_id"] for j in mine["jobs"]]
    assert theirs["total"] == 0 and theirs["jobs"] == []


def test_paths_outside_the_root_are_refused(stack: Stack, tmp_path: Path) -> None:
    auth = key_for(stack)
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF-1.7\n")
    checked = httpx.post(
        f"{stack.url}/api/batch/validate-paths",
        json={"paths": ["s00_0.pdf", str(outside), "../../etc/passwd", "missing.pdf"]},
        headers=auth,
    ).json()
    verdicts = {r["path"]: r for r in checked["results"]}
    assert verdicts["s00_0.pdf"]["is_pdf"] and verdicts["s00_0.pdf"]["encrypted"]
    for bad in (str(outside), "../../etc/passwd", "missing.pdf"):
        assert verdicts[bad].get("error")
    assert (checked["valid"], checked["invalid"]) == (1, 3)
    refused = httpx.post(
        f"{stack.url}/api/batch/start", json={"sources": [{"path": str(outside)}]}, headers=auth
    )
    assert refused.status_code == 400


def test_template_csv_and_legacy_sync_process(
    stack: Stack, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    auth = key_for(stack)
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


def test_history_stats_and_search(stack: Stack, batch_root: tuple[Path, dict[str, Any]]) -> None:
    root, truths = batch_root
    auth = key_for(stack)
    name = sorted(truths)[0]
    job = httpx.post(
        f"{stack.url}/api/batch/start", json={"sources": sources(root, [name])}, headers=auth
    ).json()
    watch_sse(stack, job["job_id"], auth)
    stats = httpx.get(f"{stack.url}/api/history/stats", headers=auth).json()
    assert stats["documents"] == 1 and stats["success_rate"] == 1
    investor = truths[name]["investor"]["name"].split()[0]
    found = httpx.get(f"{stack.url}/api/history/documents/search", params={"q": investor},
                      headers=auth).json()  # fmt: skip
    assert found["total"] == 1
    nothing = httpx.get(f"{stack.url}/api/history/documents/search", params={"q": "zzqxj"},
                        headers=auth).json()  # fmt: skip
    assert nothing["total"] == 0
    deleted = httpx.delete(f"{stack.url}/api/history/jobs/{job['job_id']}", headers=auth)
    assert deleted.status_code == 200
    assert httpx.get(f"{stack.url}/api/history/stats", headers=auth).json()["documents"] == 0


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


# --- restart -----------------------------------------------------------------------------------


def test_a_restarted_server_finishes_the_job_and_watchers_resume(
    tmp_path_factory: pytest.TempPathFactory, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    from tests.services import postgres_database

    root, truths = batch_root
    names = sorted(truths)[:24]
    with postgres_database() as url:
        settings = {"batch_root": str(root), "database_url": url}
        data_dir = tmp_path_factory.mktemp("restart")
        first = start_stack(data_dir, settings=settings)
        try:
            auth = key_for(first)
            job_id = httpx.post(
                f"{first.url}/api/batch/start", json={"sources": sources(root, names)},
                headers=auth,
            ).json()["job_id"]  # fmt: skip
            seen: list[dict[str, Any]] = []
            with httpx.stream(
                "GET", f"{first.url}/api/batch/jobs/{job_id}/events", headers=auth, timeout=120
            ) as response:
                for line in response.iter_lines():
                    if line.startswith("data: "):
                        seen.append(json.loads(line[6:]))
                    if any(e["type"] == "document_finished" for e in seen):
                        break
        finally:
            first.stop()  # mid-batch: the rest of the job is left in the database

        second = start_stack(data_dir, settings=settings)  # same data folder: same secret
        try:
            rest = watch_sse(second, job_id, auth, after_seq=seen[-1]["seq"])
            assert rest[0]["seq"] == seen[-1]["seq"] + 1  # nothing lost in between
            assert rest[-1]["type"] == "completed"
            final = status(second, job_id, auth)
            assert (final["status"], final["done"], final["failed"]) == ("completed", 24, 0)
            stats = httpx.get(f"{second.url}/api/history/stats", headers=auth).json()
            assert stats["documents"] == 24  # nothing processed twice
            finished = [e["source"] for e in seen + rest if e["type"] == "document_finished"]
            assert sorted(finished) == sorted(set(finished))
        finally:
            second.stop()


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
