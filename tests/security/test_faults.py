"""Inputs that used to fault the server: each is a 400 with a clear message at request time,
and a failed request never leaves a job running. On SQLite and PostgreSQL."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from core.parse import parse_statement
from tests.conftest import OPERATOR_KEY, Stack
from tests.statements import generate

from .hostile import refusal, with_zip_appended

OPERATOR = {"x-api-key": OPERATOR_KEY}
LONG_NAME = "a" * 300 + ".pdf"


def _call(stack: Stack, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, f"{stack.url}{path}", headers=OPERATOR, timeout=120, **kwargs)


def _msg(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.json()["status"] == "failed"
    return str(response.json()["msg"])


@pytest.mark.parametrize("encryption", ["RC4", "AES-128", "AES-256"])
def test_an_encrypted_pdf_with_a_zip_appended_needs_its_password(encryption: str) -> None:
    made = generate(issuer="CAMS", variant="SUMMARY", seed=41, pages=1, encryption=encryption)
    polyglot = with_zip_appended(made.pdf)
    assert "a password is required" in refusal(polyglot).message
    assert "Incorrect password" in refusal(polyglot, "WRONG1234X").message
    # with its password the rebuilt file parses like the original
    assert parse_statement(polyglot, made.password).mutual_funds


def test_the_zip_polyglot_through_the_gateway_is_a_400_and_ends_its_job(stack: Stack) -> None:
    made = generate(issuer="CAMS", variant="SUMMARY", seed=42, pages=1, encryption="AES-256")
    encoded = base64.b64encode(with_zip_appended(made.pdf)).decode()
    parsed = _call(stack, "POST", "/v4/smart/parse", json={"pdf_file": encoded})
    assert "a password is required" in _msg(parsed, 400)
    single = _call(stack, "POST", "/api/single/process", json={"file": encoded})
    assert "a password is required" in _msg(single, 400)
    active = _call(stack, "GET", "/api/batch/active").json()["jobs"]
    assert active == []
    newest = _call(stack, "GET", "/api/history/jobs").json()["jobs"][0]
    assert newest["status"] == "failed"


def test_an_overlong_path_component_is_refused_at_request_time(stack: Stack) -> None:
    started = _call(stack, "POST", "/api/batch/start", json={"sources": [{"path": LONG_NAME}]})
    assert "component of 304 bytes; the limit is 255" in _msg(started, 400)
    too_long = "/".join(["d" * 200] * 25)
    started = _call(stack, "POST", "/api/batch/start", json={"sources": [{"path": too_long}]})
    assert "the limit is 4095" in _msg(started, 400)


def test_validate_paths_reports_an_overlong_component_as_that_paths_error(stack: Stack) -> None:
    checked = _call(
        stack, "POST", "/api/batch/validate-paths", json={"paths": [LONG_NAME, "a.pdf"]}
    )
    assert checked.status_code == 200, checked.text
    results = checked.json()["results"]
    assert "component of 304 bytes" in results[0]["error"]
    assert "error" not in results[1] and results[1]["is_pdf"] is True
