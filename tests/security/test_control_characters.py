"""Control characters in text fields: a 400 naming the field, on SQLite and PostgreSQL, before
anything reaches the database (a NUL was a 500 on PostgreSQL and stored as-is on SQLite)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import pytest
from google.protobuf import struct_pb2

from core.errors import BadRequest
from server.text_fields import check_text_fields
from tests.conftest import OPERATOR_KEY, Stack

OPERATOR = {"x-api-key": OPERATOR_KEY}


def _post(stack: Stack, path: str, body: dict[str, Any], **kwargs: Any) -> httpx.Response:
    headers = kwargs.pop("headers", OPERATOR)
    return httpx.post(f"{stack.url}{path}", json=body, headers=headers, timeout=60, **kwargs)


def _refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["status"] == "failed"
    assert body["msg"].startswith(f"{field} contains a control character"), body["msg"]


def _email() -> str:
    return f"user-{secrets.token_hex(4)}@example.com"


@pytest.mark.parametrize("bad", ["\x00", "\x1b[2J", "\n", "\x7f", "\x85"])
def test_register_refuses_control_characters_in_the_email(stack: Stack, bad: str) -> None:
    email = _email()
    response = _post(
        stack, "/api/auth/register", {"email": email + bad, "password": "long enough pw 1"}
    )
    _refused(response, "email")
    # nothing was stored: the clean address is still free
    clean = _post(stack, "/api/auth/register", {"email": email, "password": "long enough pw 1"})
    assert clean.status_code == 200, clean.text


def test_login_refuses_a_nul_in_the_email(stack: Stack) -> None:
    response = _post(stack, "/api/auth/login", {"email": "a\x00@example.com", "password": "x"})
    _refused(response, "email")


def test_passwords_are_opaque_except_for_nul(stack: Stack) -> None:
    tabbed = _post(stack, "/api/auth/register", {"email": _email(), "password": "tab\there pw 1"})
    assert tabbed.status_code == 200, tabbed.text
    nul = _post(stack, "/api/auth/register", {"email": _email(), "password": "nul\x00here pw 1"})
    _refused(nul, "password")


def test_key_names_job_names_and_urls(stack: Stack) -> None:
    _refused(_post(stack, "/api/keys", {"name": "ops\x00"}), "name")
    start = {"name": "april\x00", "sources": [{"path": "a.pdf"}]}
    _refused(_post(stack, "/api/batch/start", start), "name")
    _refused(_post(stack, "/v4/smart/parse", {"pdf_url": "http://x.test/\x00.pdf"}), "pdf_url")
    nested = {"sources": [{"path": "a.pdf"}, {"path": "b\x1b.pdf"}]}
    _refused(_post(stack, "/api/batch/start", nested), "sources[1].path")


def test_query_parameters_are_checked_too(stack: Stack) -> None:
    response = httpx.get(
        f"{stack.url}/api/history/documents/search",
        params={"q": "cams\x00"},
        headers=OPERATOR,
        timeout=60,
    )
    _refused(response, "q")


def test_multipart_text_parts_are_checked_like_json_fields(stack: Stack) -> None:
    response = httpx.post(
        f"{stack.url}/v4/smart/parse",
        files={"pdf_url": (None, "http://x.test/\x00.pdf")},
        headers=OPERATOR,
        timeout=60,
    )
    _refused(response, "pdf_url")


def test_a_csv_body_keeps_its_tabs_and_line_breaks(stack: Stack) -> None:
    csv = 'path,password\r\na.pdf,"tab\tin the password"\r\n'
    accepted = _post(stack, "/api/batch/start", {"name": "csv", "csv": csv})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["total"] == 1
    escape = _post(stack, "/api/batch/start", {"csv": 'path\r\n"a\x1b.pdf"\r\n'})
    _refused(escape, "csv")
    # a tab is fine in CSV text, but not in the path a CSV field names
    smuggled = _post(stack, "/api/batch/start", {"csv": 'path\r\n"a\t.pdf"\r\n'})
    assert smuggled.status_code == 400, smuggled.text
    assert "a source's path contains a control character" in smuggled.json()["msg"]


def test_maps_lists_and_struct_values_are_walked() -> None:
    body = struct_pb2.Struct()
    body.update({"rules": [{"value": "fine"}, {"value": "not\x00fine"}]})
    with pytest.raises(BadRequest) as refused:
        check_text_fields(body)
    assert refused.value.message.startswith(
        "fields['rules'].list_value.values[1].struct_value.fields['value'].string_value "
        "contains a control character (U+0000"
    )
    body.Clear()
    body.update({"key\x07": "value"})
    with pytest.raises(BadRequest, match=r"^fields \(a key\) contains"):
        check_text_fields(body)
