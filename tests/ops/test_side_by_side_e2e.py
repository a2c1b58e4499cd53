"""What ``make run`` starts (``python -m server.launch``), twice on one host with non-default
ports: both gateways come up (Envoy's dynamic base id), each routes the batch WebSocket to
its own ``CASGATE_WS_PORT``, serves its metrics on its private port and Envoy's stats on its
loopback admin port; and a page of another origin, in headless Chromium, may call the REST
API and read an event stream exactly where CORS allows it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.harness import free_port, serve_bytes

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
KEY = "op_side_by_side_0123456789"


@dataclass
class Instance:
    process: subprocess.Popen[bytes]
    http_port: int
    ws_port: int
    admin_port: int
    metrics_port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def _launch(data_dir: Path, cors: str) -> Instance:
    ports = {
        name: free_port() for name in ("http", "grpc", "ws", "admin", "metrics", "inbound_smtp")
    }
    env = {
        **os.environ,
        "CASGATE_DATA_DIR": str(data_dir),
        "CASGATE_BOOTSTRAP_API_KEY": KEY,
        "CASGATE_CORS_ALLOWED_ORIGINS": cors,
        "CASGATE_PARSE_WORKERS": "1",
        **{f"CASGATE_{name.upper()}_PORT": str(port) for name, port in ports.items()},
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "launch.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "server.launch"], cwd=ROOT, env=env,
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    instance = Instance(process, ports["http"], ports["ws"], ports["admin"], ports["metrics"], log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"launch exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{instance.url}/", timeout=2).status_code == 200:
                return instance
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    instance.stop()
    raise RuntimeError(f"launch did not come up: {log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def page_server() -> Iterator[str]:
    """A page of another origin (its own port): its script calls the API given in the query
    string; yields the origin."""
    page = (Path(__file__).parent / "cors_page.html").read_bytes()
    with serve_bytes(page, "/", "text/html; charset=utf-8") as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def pair(
    tmp_path_factory: pytest.TempPathFactory, page_server: str
) -> Iterator[tuple[Instance, Instance]]:
    first = _launch(tmp_path_factory.mktemp("first"), cors=page_server)
    try:
        second = _launch(tmp_path_factory.mktemp("second"), cors="")
    except BaseException:
        first.stop()
        raise
    yield first, second
    second.stop()
    first.stop()


def test_two_instances_run_side_by_side_each_on_its_own_ports(
    pair: tuple[Instance, Instance],
) -> None:
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    for instance in pair:
        assert httpx.get(f"{instance.url}/api/health", timeout=30).status_code == 200
        # the WebSocket reaches this instance's listener (its 404 for an unknown job), not
        # whatever listens on the default port
        with pytest.raises(InvalidStatus) as refused:
            connect(
                f"ws://127.0.0.1:{instance.http_port}/api/batch/ws/job_missing?token={KEY}",
                open_timeout=10,
            )
        response = refused.value.response
        assert response.status_code == 404
        assert json.loads(response.body)["status"] == "failed"

        metrics = httpx.get(f"http://127.0.0.1:{instance.metrics_port}/metrics").text
        assert 'casgate_requests_total{method="StatusService/GetHealth",status="200"}' in metrics
        assert "casgate_batch_documents_queued 0.0" in metrics
        stats = httpx.get(f"http://127.0.0.1:{instance.admin_port}/stats/prometheus").text
        assert "envoy_http_downstream_rq_total" in stats
        # neither the metrics nor Envoy's admin are reachable through the public listener
        auth = {"x-api-key": KEY}
        assert httpx.get(f"{instance.url}/metrics", headers=auth).status_code == 404
        assert httpx.get(f"{instance.url}/stats/prometheus", headers=auth).status_code == 404


def _browser_result(page: str, api: str) -> dict[str, object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(f"{page}/?api={api}&key={KEY}")
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.done === true"))
        result: dict[str, object] = driver.execute_script("return window.result")
        return result
    finally:
        driver.quit()


def test_a_page_of_an_allowed_origin_calls_rest_and_reads_events(
    pair: tuple[Instance, Instance], page_server: str
) -> None:
    allowed, _ = pair
    result = _browser_result(page_server, allowed.url)
    assert result["credits"] == 200  # a POST with x-api-key: preflighted, then allowed
    assert str(result["request_id"]).startswith("req_")  # an exposed header
    assert result["unauthenticated"] == 401  # errors reach the page too, with their body
    assert result["unauthenticated_code"] == "UNAUTHENTICATED"
    assert result["events"] == 2  # the heartbeat stream, read as it arrives


def test_a_page_of_another_origin_is_kept_out(
    pair: tuple[Instance, Instance], page_server: str
) -> None:
    _, closed = pair
    result = _browser_result(page_server, closed.url)
    assert result["credits"] == "blocked"
    assert result["unauthenticated"] == "blocked"
    assert result["events"] == "blocked"
