"""The sandbox key through the gateway: one REST route of each service, multipart and SSE. Every
data method's sample and the sandbox's limits are tested in process (tests/server/test_sandbox.py,
tests/server/test_limits.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from google.api import annotations_pb2
from google.protobuf import descriptor_pool

import server.app  # noqa: F401  (registers every casgate.v1 descriptor)
from core.accounts import SANDBOX_API_KEY
from tests.conftest import Stack, start_stack

pytestmark = pytest.mark.e2e

SANDBOX = {"x-api-key": SANDBOX_API_KEY}
#: answer users and tokens for what they are; the sandbox only stands in for data endpoints
NOT_SANDBOXED = {
    "Register", "Login", "RefreshToken", "Logout", "GetMe", "CreateApiKey", "ListApiKeys",
    "RevokeApiKey", "VerifyAccessToken", "GetBatchTemplate", "WatchBatch",
    "CompleteInboxConnection",  # the providers' browser redirect, public: no data to stand in for
}  # fmt: skip


def rest_routes() -> list[tuple[str, str, str]]:
    """(method name, HTTP verb, path with placeholders filled) of each service's first
    sandboxed method's JSON binding."""
    routes = []
    pool = descriptor_pool.Default()
    for service in (
        "Parse",
        "Fetch",
        "Inbox",
        "InboundEmail",
        "Account",
        "Batch",
        "History",
        "Extraction",
    ):
        methods = pool.FindServiceByName(f"casgate.v1.{service}Service").methods
        method = next(m for m in methods if m.name not in NOT_SANDBOXED)
        rule = method.GetOptions().Extensions[annotations_pb2.http]
        verb = rule.WhichOneof("pattern")
        path = re.sub(r"\{[^}]+\}", "sandbox1", getattr(rule, verb))
        routes.append((method.name, verb.upper(), path))
    return routes


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("sandbox"), settings={"sandbox_rate_limit_per_minute": 1000}
    )
    yield running
    running.stop()


@pytest.mark.parametrize("name,verb,path", rest_routes(), ids=lambda v: str(v))
def test_sandbox_answers_a_data_endpoint_of_each_service_with_sample_data(
    stack: Stack, name: str, verb: str, path: str
) -> None:
    kwargs = {"json": {}} if verb in ("POST", "PUT", "PATCH") else {}
    response = httpx.request(verb, f"{stack.url}{path}", headers=SANDBOX, timeout=30, **kwargs)
    assert response.status_code == 200, f"{verb} {path}: {response.text}"
    body = response.json()
    assert body, "an empty sample is no sample"
    assert "status" not in body or body["status"] != "failed"


def test_sandbox_parse_needs_no_pdf_and_spends_nothing(stack: Stack) -> None:
    smart = httpx.post(f"{stack.url}/v4/smart/parse", headers=SANDBOX, json={})
    assert smart.status_code == 200
    statement = smart.json()
    assert statement["meta"]["cas_type"] == "CAMS_KFINTECH"
    schemes = [s for f in statement["mutual_funds"] for s in f["schemes"]]
    assert schemes and all(s["isin"].startswith("INF") for s in schemes)
    assert any(t["type"] == "PURCHASE_SIP" for s in schemes for t in s["transactions"])
    multipart = httpx.post(
        f"{stack.url}/v4/nsdl/parse", headers=SANDBOX, files={"pdf_file": ("x.pdf", b"not a pdf")}
    )
    assert multipart.status_code == 200
    assert multipart.json()["meta"]["cas_type"] == "NSDL"
    credits = httpx.post(f"{stack.url}/v1/credits", headers=SANDBOX, json={}).json()
    assert set(credits) >= {"used", "remaining", "limit", "is_unlimited", "resets_at"}


def test_sandbox_streams_sample_batch_events(stack: Stack) -> None:
    with httpx.stream("GET", f"{stack.url}/api/batch/jobs/job1/events", headers=SANDBOX) as r:
        kinds = [line for line in r.iter_lines() if line.startswith("data: ")]
    assert '"type":"snapshot"' in kinds[0] and '"type":"completed"' in kinds[-1]
