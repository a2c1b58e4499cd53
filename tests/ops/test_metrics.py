"""The server's Prometheus endpoint, in process: calls by method and status, their latency,
pages parsed, credits spent, batch queue gauges from the database, and worker kills and
restarts counted from isolated worker processes (increments made in a worker reach the
parent that serves ``/metrics``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import httpx
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from casgate.v1 import parse_pb2, parse_pb2_grpc
from core.accounts import create_key
from core.errors import ProcessingTimeout
from core.isolation import WorkerPool
from tests import worker_jobs
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.statements import generate

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(tmp_path_factory.mktemp("metrics"))
    yield running
    running.stop()


def scrape(port: int) -> Samples:
    body = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_calls_pages_and_credits_are_counted(server: ServerThread) -> None:
    assert server.metrics_port
    made = generate(issuer="CAMS", variant="DETAILED", seed=41, pages=2)
    _, key = create_key("metrics", 100, settings=server.settings)
    before = scrape(server.metrics_port)
    with grpc.insecure_channel(server.address) as channel:
        parse = parse_pb2_grpc.ParseServiceStub(channel)
        auth = (("x-api-key", key),)
        statement = parse.SmartParse(
            parse_pb2.SmartParseRequest(pdf_file=made.pdf, password=made.password),
            metadata=auth,
        )
        with pytest.raises(grpc.RpcError):
            parse.SmartParse(
                parse_pb2.SmartParseRequest(pdf_file=made.pdf, password="wrong"), metadata=auth
            )
    after = scrape(server.metrics_port)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    method = "ParseService/SmartParse"
    assert delta("casgate_requests_total", method=method, status="200") == 1
    assert delta("casgate_requests_total", method=method, status="400") == 1
    assert delta("casgate_request_duration_seconds_count", method=method) == 2
    assert delta("casgate_request_duration_seconds_sum", method=method) > 0
    assert statement.meta.pages > 1
    assert delta("casgate_parsed_pages_total", origin="api") == statement.meta.pages
    assert delta("casgate_parsed_documents_total", origin="api", outcome="ok") == 1
    assert delta("casgate_parsed_documents_total", origin="api", outcome="failed") == 1
    # only the successful parse spends: one CAMS statement
    assert delta("casgate_credits_spent_total", feature="cams_kfintech_cas_parser") == 1
    assert value(after, "casgate_batch_documents_queued") == 0
    assert value(after, "casgate_batch_jobs_running") == 0


def test_the_endpoint_listens_on_loopback_only(server: ServerThread) -> None:
    assert server.settings.metrics_host == "127.0.0.1"
    with pytest.raises(httpx.HTTPError):
        # not on the gateway's public port, nor on another address of this host
        httpx.get(f"http://127.0.0.2:{server.metrics_port}/metrics", timeout=2)
    assert httpx.get(f"http://127.0.0.1:{server.metrics_port}/metrics").status_code == 200


def counted(name: str, **labels: str) -> float:
    """A counter of this process's registry (what ``/metrics`` exposes), 0 before its first use."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_worker_kills_restarts_and_increments_from_workers_reach_the_parent() -> None:
    kills = ("casgate_worker_kills_total", {"pool": "probe", "reason": "deadline"})
    restarts = ("casgate_worker_restarts_total", {"pool": "probe"})
    jobs = ("casgate_worker_jobs_total", {"pool": "probe"})
    delivered = ("casgate_webhook_deliveries_total", {"outcome": "delivered"})
    watched = (kills, restarts, jobs, delivered)
    before = {name: counted(name, **labels) for name, labels in watched}

    def grown(metric: tuple[str, dict[str, str]]) -> float:
        return counted(metric[0], **metric[1]) - before[metric[0]]

    pool = WorkerPool(1, 512, 30, name="probe")
    try:
        assert pool.run(worker_jobs.count_in_worker, 3.0) == "counted"
        assert grown(delivered) == 3  # counted in the worker, applied here
        assert grown(restarts) == 0  # a first start is no restart
        with pytest.raises(ProcessingTimeout):
            pool.run(worker_jobs.sleep, 30.0, timeout=0.5)
        assert grown(kills) == 1
        assert pool.run(worker_jobs.sleep, 0.0) == 0.0  # served by a new worker: a restart
        assert grown(restarts) == 1
        assert grown(jobs) == 3  # the one stopped counts too
    finally:
        pool.close()


def test_batch_documents_count_pages_credits_and_failures(tmp_path: Path) -> None:
    import asyncio

    from core.batch import shutdown_runners, start_batch
    from core.migrate import upgrade
    from tests.batch.conftest import make_settings, new_account, write_statements
    from tests.batch.helpers import documents, follow

    settings = make_settings(f"sqlite:///{tmp_path / 'casgate.db'}", tmp_path, parse_workers=1)
    upgrade(settings)
    account = new_account(settings)
    (Path(settings.batch_root) / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    sources = [*write_statements(settings, [5, 6]), {"path": "broken.pdf"}]
    watched = [
        ("casgate_parsed_pages_total", {"origin": "batch"}),
        ("casgate_credits_spent_total", {"feature": "batch"}),
        ("casgate_parsed_documents_total", {"origin": "batch", "outcome": "failed"}),
    ]
    before = [counted(name, **labels) for name, labels in watched]
    try:
        job_id = asyncio.run(
            start_batch(account.principal, "metered", sources, {}, settings=settings)
        ).job_id
        asyncio.run(asyncio.wait_for(follow(account.principal, job_id, settings), 120))
    finally:
        shutdown_runners()
    stored = documents(settings, job_id)
    pages, spent, failed = (
        counted(name, **labels) - was for (name, labels), was in zip(watched, before, strict=True)
    )
    assert pages == sum(d.pages for d in stored) > 0
    assert spent == 2  # one batch credit per parsed document
    assert failed == 1


def test_a_multipart_twin_counts_as_the_method_it_stands_in_for() -> None:
    from server.metrics import method_label

    assert method_label("/casgate.v1.UploadService/UploadSmartParse") == "ParseService/SmartParse"
    assert method_label("/casgate.v1.UploadService/UploadStartBatch") == "BatchService/StartBatch"
    assert method_label("/casgate.v1.HistoryService/GetStats") == "HistoryService/GetStats"
