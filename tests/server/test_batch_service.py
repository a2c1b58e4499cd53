"""Issue 6 on the real grpc.aio server in process (no Envoy): batches watched over native gRPC,
control, failures, ownership, path checks, history, and a restart mid-batch. Each error's REST
status is read from its ErrorInfo. tests/gateway/test_batch_e2e.py keeps what the gateway does:
SSE, WebSocket, multipart uploads, the CSV template and REST bodies."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from casgate.v1 import batch_pb2, batch_pb2_grpc, history_pb2, history_pb2_grpc
from clients._errors import api_error
from core.accounts import create_key
from tests.batch.conftest import grant_batch_root
from tests.batch.roots import passwords_of, write_statement_root
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.services import postgres_database

Metadata = tuple[tuple[str, str], ...]
Event = batch_pb2.WatchBatchResponse


@pytest.fixture(scope="module")
def batch_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """200 distinct statements on disk (50 generated, each in 4 byte-distinct copies)."""
    root = tmp_path_factory.mktemp("batch-root")
    return root, write_statement_root(root, 50, copies=4)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, batch_root: tuple[Path, dict[str, Any]]
) -> Iterator[ServerThread]:
    running = start_server_thread(
        tmp_path_factory.mktemp("batch"), settings={"batch_root": str(batch_root[0])}
    )
    yield running
    running.stop()


@pytest.fixture
def channel(server: ServerThread) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(server.address) as opened:
        yield opened


def key_for(server: ServerThread, credits: float = 1000) -> Metadata:
    info, plaintext = create_key("batch", credits, settings=server.settings)
    grant_batch_root(server.settings, info.account_id)
    return (("x-api-key", plaintext),)


def sources(root: Path, names: list[str]) -> list[batch_pb2.BatchSource]:
    return [batch_pb2.BatchSource(path=n, password=p) for n, p in passwords_of(root, names)]


def batches(channel: grpc.Channel) -> batch_pb2_grpc.BatchServiceStub:
    return batch_pb2_grpc.BatchServiceStub(channel)


def history(channel: grpc.Channel) -> history_pb2_grpc.HistoryServiceStub:
    return history_pb2_grpc.HistoryServiceStub(channel)


def start(channel: grpc.Channel, auth: Metadata, **request: Any) -> batch_pb2.StartBatchResponse:
    return batches(channel).StartBatch(batch_pb2.StartBatchRequest(**request), metadata=auth)


def watch(channel: grpc.Channel, job_id: str, auth: Metadata, after_seq: int = 0) -> list[Event]:
    request = batch_pb2.WatchBatchRequest(job_id=job_id, after_seq=after_seq)
    return list(batches(channel).WatchBatch(request, metadata=auth, timeout=300))


def ended(events: list[Event]) -> str:
    """How a watched job ended: its terminal event, or for a watcher that joined after the end,
    the status its snapshot reports."""
    last = events[-1]
    return last.status if last.type == "snapshot" else last.type


def status(channel: grpc.Channel, job_id: str, auth: Metadata) -> batch_pb2.BatchJob:
    return batches(channel).GetBatchStatus(
        batch_pb2.GetBatchStatusRequest(job_id=job_id), metadata=auth
    )


def test_200_documents_with_a_streaming_watcher(
    server: ServerThread, channel: grpc.Channel, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    auth = key_for(server)
    names = sorted(truths)
    assert len(names) == 200
    job = start(channel, auth, name="two hundred", sources=sources(root, names))
    assert job.status == "queued" and job.total == 200

    events = watch(channel, job.job_id, auth)
    seqs = [e.seq for e in events]
    assert events[0].type == "snapshot"
    assert seqs[1:] == list(range(seqs[0] + 1, seqs[0] + len(seqs)))  # in order, none missing
    assert ended(events) == "completed" and events[-1].percent == 100
    finished = [e for e in events if e.type == "document_finished"]
    already = events[0].done  # documents finished before the watcher joined
    assert len(finished) + already == 200
    assert not [e for e in events if e.type == "document_failed"]
    percents = [e.percent for e in events]
    assert percents == sorted(percents)

    final = status(channel, job.job_id, auth)
    assert (final.status, final.done, final.failed) == ("completed", 200, 0)
    by_source = {d.source: d for d in final.documents}
    for name in names[::37]:  # spot-check stored results against the ground truth
        document = history(channel).GetDocument(
            history_pb2.GetDocumentRequest(document_id=by_source[name].document_id), metadata=auth
        )
        truth_folios = [f["folio_number"] for f in truths[name]["mutual_funds"]]
        assert [f.folio_number for f in document.statement.mutual_funds] == truth_folios

    # a late watcher gets the state, and resuming after a seq replays only what came after
    late = watch(channel, job.job_id, auth)
    assert late[0].type == "snapshot" and late[0].done == 200
    tail = watch(channel, job.job_id, auth, after_seq=seqs[-3])
    assert [e.seq for e in tail] == seqs[-2:]


def test_pause_resume_and_cancel(
    server: ServerThread, channel: grpc.Channel, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    auth = key_for(server)
    names = sorted(truths)[:30]
    stub = batches(channel)
    job_id = start(channel, auth, sources=sources(root, names)).job_id
    paused = stub.PauseBatch(batch_pb2.PauseBatchRequest(job_id=job_id), metadata=auth)
    assert paused.status in ("paused", "completed")
    if paused.status == "paused":
        held = status(channel, job_id, auth).done
        time.sleep(1)  # nothing moves while paused (the document in flight may finish)
        assert status(channel, job_id, auth).done <= held + 2
        resumed = stub.ResumeBatch(batch_pb2.ResumeBatchRequest(job_id=job_id), metadata=auth)
        assert resumed.status in ("running", "queued", "completed")
    assert ended(watch(channel, job_id, auth)) == "completed"
    kinds = [e.type for e in watch(channel, job_id, auth, after_seq=1)]
    if paused.status == "paused":
        assert "paused" in kinds and "resumed" in kinds

    doomed = start(channel, auth, sources=sources(root, names)).job_id
    cancelled = stub.CancelBatch(batch_pb2.CancelBatchRequest(job_id=doomed), metadata=auth)
    assert cancelled.status in ("cancelling", "cancelled", "completed")
    ending = watch(channel, doomed, auth)
    final = status(channel, doomed, auth)
    assert final.status in ("cancelled", "completed")
    assert ended(ending) == final.status
    if final.status == "cancelled":
        assert final.done < len(names)
        assert any(d.status == "cancelled" for d in final.documents)


def test_a_poison_document_fails_alone(
    server: ServerThread, channel: grpc.Channel, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    (root / "poison.pdf").write_bytes(b"%PDF-1.7\nthis is no statement\n%%EOF\n")
    auth = key_for(server)
    good = sources(root, sorted(truths)[:4])
    poison = batch_pb2.BatchSource(path="poison.pdf")
    job_id = start(channel, auth, sources=[*good[:2], poison, *good[2:]]).job_id
    events = watch(channel, job_id, auth)
    # a watcher that joined late learns of earlier failures from the snapshot, not as events
    assert {e.source for e in events if e.type == "document_failed"} <= {"poison.pdf"}
    final = status(channel, job_id, auth)
    assert (final.status, final.done, final.failed) == ("completed", 4, 1)
    failed = [d for d in final.documents if d.status == "failed"]
    assert [d.source for d in failed] == ["poison.pdf"] and failed[0].error


def test_other_accounts_see_404(
    server: ServerThread, channel: grpc.Channel, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    owner, stranger = key_for(server), key_for(server)
    job_id = start(channel, owner, sources=sources(root, sorted(truths)[:1])).job_id
    stub, past = batches(channel), history(channel)
    for call, request in [
        (stub.GetBatchStatus, batch_pb2.GetBatchStatusRequest(job_id=job_id)),
        (stub.CancelBatch, batch_pb2.CancelBatchRequest(job_id=job_id)),
        (past.GetJob, history_pb2.GetJobRequest(job_id=job_id)),
        (past.DeleteJob, history_pb2.DeleteJobRequest(job_id=job_id)),
    ]:
        with pytest.raises(grpc.RpcError) as refused:
            call(request, metadata=stranger)
        assert api_error(refused.value).status == 404, call
    with pytest.raises(grpc.RpcError) as refused:
        watch(channel, job_id, stranger)
    assert api_error(refused.value).status == 404
    watch(channel, job_id, owner)
    mine = past.ListJobs(history_pb2.ListJobsRequest(), metadata=owner)
    theirs = past.ListJobs(history_pb2.ListJobsRequest(), metadata=stranger)
    assert job_id in [j.job_id for j in mine.jobs]
    assert theirs.total == 0 and list(theirs.jobs) == []


def test_paths_outside_the_root_are_refused(
    server: ServerThread, channel: grpc.Channel, tmp_path: Path
) -> None:
    auth = key_for(server)
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF-1.7\n")
    checked = batches(channel).ValidatePaths(
        batch_pb2.ValidatePathsRequest(
            paths=["s00_0.pdf", str(outside), "../../etc/passwd", "missing.pdf"]
        ),
        metadata=auth,
    )
    verdicts = {r.path: r for r in checked.results}
    assert verdicts["s00_0.pdf"].is_pdf and verdicts["s00_0.pdf"].encrypted
    for bad in (str(outside), "../../etc/passwd", "missing.pdf"):
        assert verdicts[bad].error
    assert (checked.valid, checked.invalid) == (1, 3)
    with pytest.raises(grpc.RpcError) as refused:
        start(channel, auth, sources=[batch_pb2.BatchSource(path=str(outside))])
    assert api_error(refused.value).status == 400


def test_legacy_sync_process(
    server: ServerThread, channel: grpc.Channel, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    names = sorted(truths)[:2]
    processed = batches(channel).ProcessBatch(
        batch_pb2.ProcessBatchRequest(sources=sources(root, names)),
        metadata=key_for(server),
        timeout=120,
    )
    assert processed.status == "completed" and processed.done == 2
    for result, name in zip(processed.results, names, strict=True):
        folios = [f.folio_number for f in result.statement.mutual_funds]
        assert folios == [f["folio_number"] for f in truths[name]["mutual_funds"]]


def test_history_stats_and_search(
    server: ServerThread, channel: grpc.Channel, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    auth = key_for(server)
    name = sorted(truths)[0]
    job_id = start(channel, auth, sources=sources(root, [name])).job_id
    watch(channel, job_id, auth)
    past = history(channel)
    stats = past.GetStats(history_pb2.GetStatsRequest(), metadata=auth)
    assert stats.documents == 1 and stats.success_rate == 1
    investor = truths[name]["investor"]["name"].split()[0]
    found = past.SearchDocuments(history_pb2.SearchDocumentsRequest(q=investor), metadata=auth)
    assert found.total == 1
    nothing = past.SearchDocuments(history_pb2.SearchDocumentsRequest(q="zzqxj"), metadata=auth)
    assert nothing.total == 0
    past.DeleteJob(history_pb2.DeleteJobRequest(job_id=job_id), metadata=auth)
    assert past.GetStats(history_pb2.GetStatsRequest(), metadata=auth).documents == 0


def test_a_restarted_server_finishes_the_job_and_watchers_resume(
    tmp_path_factory: pytest.TempPathFactory, batch_root: tuple[Path, dict[str, Any]]
) -> None:
    root, truths = batch_root
    names = sorted(truths)[:24]
    with postgres_database() as url:
        settings = {"batch_root": str(root), "database_url": url}
        data_dir = tmp_path_factory.mktemp("restart")
        first = start_server_thread(data_dir, settings=settings)
        try:
            auth = key_for(first)
            seen: list[Event] = []
            with grpc.insecure_channel(first.address) as channel:
                job_id = start(channel, auth, sources=sources(root, names)).job_id
                stream = batches(channel).WatchBatch(
                    batch_pb2.WatchBatchRequest(job_id=job_id), metadata=auth, timeout=120
                )
                for event in stream:
                    seen.append(event)
                    if event.type == "document_finished":
                        break
                stream.cancel()
        finally:
            first.stop()  # mid-batch: the rest of the job is left in the database

        second = start_server_thread(data_dir, settings=settings)  # same data folder
        try:
            with grpc.insecure_channel(second.address) as channel:
                rest = watch(channel, job_id, auth, after_seq=seen[-1].seq)
                assert rest[0].seq == seen[-1].seq + 1  # nothing lost in between
                assert rest[-1].type == "completed"
                final = status(channel, job_id, auth)
                assert (final.status, final.done, final.failed) == ("completed", 24, 0)
                stats = history(channel).GetStats(history_pb2.GetStatsRequest(), metadata=auth)
                assert stats.documents == 24  # nothing processed twice
            finished = [e.source for e in seen + rest if e.type == "document_finished"]
            assert sorted(finished) == sorted(set(finished))
        finally:
            second.stop()
