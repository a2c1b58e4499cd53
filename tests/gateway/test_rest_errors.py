"""What a client library needs from error answers, through the real gateway: a stable ``code``
in every error body (Envoy's own replies printed like the server's), retry hints the published
client obeys (``x-should-retry``, ``Retry-After``), and its ``default_query`` accepted."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cas_parser
import httpx
import pytest
from cas_parser import CasParser

from core.accounts import create_key
from core.errors import Code
from server.status_codes import retry_can_help
from tests.conftest import OPERATOR_KEY, Stack, start_stack
from tests.statements import GeneratedStatement, generate

pytestmark = pytest.mark.e2e

AUTH = {"x-api-key": OPERATOR_KEY}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cams() -> GeneratedStatement:
    return generate(issuer="CAMS", variant="DETAILED", seed=31, pages=2)


def error_code(response: httpx.Response, status: int) -> str:
    """The body's code, after checking the body has exactly the contract's shape and order."""
    assert response.status_code == status, response.text
    assert response.text.startswith('{"status":"failed","msg":"'), response.text
    body = response.json()
    assert list(body) == ["status", "msg", "code"] and body["msg"]
    return str(body["code"])


def parse(stack: Stack, path: str, pdf: bytes, password: str, key: str = OPERATOR_KEY) -> Any:
    return httpx.post(
        f"{stack.url}{path}",
        json={"pdf_file": base64.b64encode(pdf).decode(), "password": password},
        headers={"x-api-key": key},
        timeout=60,
    )


# --- codes -----------------------------------------------------------------------------------


def test_statement_errors_carry_their_codes(stack: Stack, cams: GeneratedStatement) -> None:
    not_pdf = parse(stack, "/v4/smart/parse", b"hello, not a pdf", "")
    assert error_code(not_pdf, 400) == Code.NOT_A_PDF
    wrong = parse(stack, "/v4/smart/parse", cams.pdf, cams.password + "x")
    assert error_code(wrong, 400) == Code.INCORRECT_PASSWORD
    other_type = parse(stack, "/v4/cdsl/parse", cams.pdf, cams.password)
    assert error_code(other_type, 400) == Code.WRONG_STATEMENT_TYPE


def test_insufficient_credits_is_its_code_and_message_counts_right(
    stack: Stack, cams: GeneratedStatement
) -> None:
    _, key = create_key("broke", 0, settings=stack.server.settings)
    response = parse(stack, "/v4/cams_kfintech/parse", cams.pdf, cams.password, key)
    assert error_code(response, 402) == Code.INSUFFICIENT_CREDITS
    assert "costs 1 credit and" in response.json()["msg"]


def test_gateway_replies_are_printed_like_the_servers(stack: Stack) -> None:
    assert error_code(httpx.get(f"{stack.url}/nope", headers=AUTH), 404) == Code.NOT_FOUND
    bad_json = httpx.post(
        f"{stack.url}/v4/smart/parse",
        content=b'{"pdf_url": ',
        headers={**AUTH, "content-type": "application/json"},
    )
    assert error_code(bad_json, 400) == Code.BAD_REQUEST


# --- retries ---------------------------------------------------------------------------------


class Counting(httpx.Client):
    """An httpx client that counts the requests it sends (the published client's transport)."""

    def __init__(self, **kwargs: Any) -> None:
        self.sent = 0
        super().__init__(event_hooks={"request": [self._count]}, **kwargs)

    def _count(self, request: httpx.Request) -> None:
        self.sent += 1


@pytest.mark.parametrize(
    "path,body,status",
    [
        ("/v1/webhooks", {"url": "https://example.test/h", "events": ["parse.completed"]}, 400),
        ("/v4/smart/parse", {"pdf_file": base64.b64encode(b"not a pdf").decode()}, 400),
        ("/v4/nowhere", {}, 404),
    ],
)
def test_the_published_client_does_not_retry_what_cannot_succeed(
    stack: Stack, path: str, body: dict[str, Any], status: int
) -> None:
    # its defaults: two retries of 408, 409, 429 and 5xx unless told otherwise
    with (
        Counting(timeout=60) as transport,
        CasParser(api_key=OPERATOR_KEY, base_url=stack.url, http_client=transport) as client,
        pytest.raises(cas_parser.APIStatusError) as raised,
    ):
        client.post(path, body=body, cast_to=object)
    assert raised.value.status_code == status
    assert raised.value.response.headers["x-should-retry"] == "false"
    assert not retry_can_help(status)
    assert transport.sent == 1


def test_published_client_default_query_is_accepted(stack: Stack, cams: GeneratedStatement) -> None:
    with CasParser(
        api_key=OPERATOR_KEY,
        base_url=stack.url,
        default_query={"trace": "abc", "client": "mine"},
        max_retries=0,
        timeout=60,
    ) as client:
        parsed = client.cas_parser.cams_kfintech(pdf_file=cams.pdf, password=cams.password)
    assert parsed.investor is not None
    assert parsed.investor.name == cams.truth["investor"]["name"]


@pytest.fixture(scope="module")
def strict_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(
        Path(tmp_path_factory.mktemp("strict")), settings={"sandbox_rate_limit_per_minute": 2}
    )
    yield running
    running.stop()


def test_rate_limited_answers_say_when_to_retry(strict_sandbox: Stack) -> None:
    sandbox = {"x-api-key": "sandbox-with-json-responses"}
    responses = [
        httpx.post(f"{strict_sandbox.url}/v1/credits", json={}, headers=sandbox) for _ in range(3)
    ]
    assert [r.status_code for r in responses] == [200, 200, 429]
    limited = responses[-1]
    assert error_code(limited, 429) == Code.RATE_LIMITED
    assert 0 < int(limited.headers["retry-after"]) <= 60
    assert "x-should-retry" not in limited.headers


# --- multipart answers -----------------------------------------------------------------------


def test_multipart_and_json_answers_are_the_same_bytes(
    stack: Stack, cams: GeneratedStatement
) -> None:
    as_json = parse(stack, "/v4/cams_kfintech/parse", cams.pdf, cams.password)
    multipart = httpx.post(
        f"{stack.url}/v4/cams_kfintech/parse",
        files={"pdf_file": ("cas.pdf", cams.pdf, "application/pdf")},
        data={"password": cams.password},
        headers=AUTH,
        timeout=60,
    )
    assert as_json.status_code == multipart.status_code == 200
    # the parse time differs between the two calls; every other byte is the same
    stamp = re.compile(r'"generated_at":"[^"]+"')
    assert stamp.sub("", multipart.text) == stamp.sub("", as_json.text)
    assert stamp.search(multipart.text)


def test_an_empty_upload_says_so(stack: Stack) -> None:
    response = httpx.post(
        f"{stack.url}/v4/smart/parse",
        files={"pdf_file": ("empty.pdf", b"", "application/pdf")},
        headers=AUTH,
        timeout=60,
    )
    assert error_code(response, 400) == Code.EMPTY_UPLOAD
    assert "upload is empty" in response.json()["msg"]


# --- small ones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,body", [("/v1/token", {"expiry_minutes": 0}), ("/v1/usage", {"limit": 0})]
)
def test_zero_is_out_of_range_like_any_other_value(
    stack: Stack, path: str, body: dict[str, int]
) -> None:
    response = httpx.post(f"{stack.url}{path}", json=body, headers=AUTH, timeout=60)
    assert error_code(response, 400) == Code.BAD_REQUEST
    assert next(iter(body)) in response.json()["msg"]
    # absent is still the default
    assert httpx.post(f"{stack.url}{path}", json={}, headers=AUTH).status_code == 200


def test_resuming_a_cancelled_job_is_a_conflict(stack: Stack, cams: GeneratedStatement) -> None:
    started = httpx.post(
        f"{stack.url}/api/batch/start",
        files={"file": ("cas.pdf", cams.pdf, "application/pdf")},
        data={"password": cams.password},
        headers=AUTH,
        timeout=60,
    )
    assert started.status_code == 200, started.text
    job = started.json()["job_id"]
    cancel = httpx.post(f"{stack.url}/api/batch/jobs/{job}/cancel", json={}, headers=AUTH)
    assert cancel.status_code == 200, cancel.text
    if cancel.json()["status"] not in ("cancelling", "cancelled"):
        pytest.skip(f"the job finished before the cancel: {cancel.json()['status']}")
    resume = httpx.post(f"{stack.url}/api/batch/jobs/{job}/resume", json={}, headers=AUTH)
    assert error_code(resume, 409) == Code.CONFLICT
    assert resume.headers["x-should-retry"] == "false"


# --- the API docs ----------------------------------------------------------------------------


def test_the_gateway_serves_the_document_and_the_docs_page(stack: Stack) -> None:
    document = httpx.get(f"{stack.url}/openapi.json")  # no credentials needed
    assert document.status_code == 200
    assert document.headers["content-type"] == "application/json"
    assert document.content == (ROOT / "gateway" / "openapi.json").read_bytes()
    page = httpx.get(f"{stack.url}/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for asset in re.findall(r'(?:src|href)="(/docs/[^"]+)"', page.text):
        served = httpx.get(f"{stack.url}{asset}")
        assert served.status_code == 200 and len(served.content) > 1000, asset
