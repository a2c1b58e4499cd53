"""Issue 5 through the real gateway: only what the gateway adds. The accounts behaviour itself
(keys, credits, usage, tokens, users, ownership, throttling, on SQLite and PostgreSQL) is tested
in process in tests/server/test_accounts_service.py.

Here: the REST bodies, the legacy path aliases, REST paths in the usage log, the anonymous
refusal at the gateway next to the server's own 401s, and bearer sessions and path parameters
through REST.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from core.accounts import authenticate, create_key, revoke_key
from tests.conftest import Stack, start_stack
from tests.statements import generate

pytestmark = pytest.mark.e2e

PARSE = "/v4/cams_kfintech/parse"


@pytest.fixture(scope="module")
def statement() -> dict[str, str]:
    """A small real CAMS statement as a JSON parse body."""
    made = generate(issuer="CAMS", variant="DETAILED", seed=5, pages=2)
    return {"pdf_file": base64.b64encode(made.pdf).decode(), "password": made.password}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("accounts"), settings={"rate_limit_per_minute": 1000}
    )
    yield running
    running.stop()


def new_key(stack: Stack, credits: float = 10, **kwargs: Any) -> str:
    _, plaintext = create_key("test", credits, settings=stack.server.settings, **kwargs)
    return plaintext


def post(stack: Stack, path: str, key: str | None = None, **kwargs: Any) -> httpx.Response:
    headers = {"x-api-key": key} if key else {}
    headers.update(kwargs.pop("headers", {}))
    return httpx.post(f"{stack.url}{path}", headers=headers, timeout=60, **kwargs)


def credits(stack: Stack, key: str) -> dict[str, Any]:
    response = post(stack, "/v1/credits", key, json={})
    assert response.status_code == 200, response.text
    return dict(response.json())


def error_msg(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == "failed"
    return str(body["msg"])


def test_missing_invalid_expired_and_revoked_keys_get_distinct_401s(stack: Stack) -> None:
    # the missing key is refused by the gateway itself, the others by the server
    revoked = new_key(stack)
    principal = authenticate(revoked, None, settings=stack.server.settings)
    assert principal.key_id is not None
    revoke_key(principal.key_id, settings=stack.server.settings)
    expired = new_key(stack, expires_at=datetime.now(UTC) - timedelta(minutes=1))
    messages = [
        error_msg(post(stack, PARSE, None, json={}), 401),
        error_msg(
            post(stack, PARSE, "cg_notarealkey0000000000000000000000000000000", json={}), 401
        ),
        error_msg(post(stack, PARSE, expired, json={}), 401),
        error_msg(post(stack, PARSE, revoked, json={}), 401),
    ]
    assert len(set(messages)) == 4, messages


def test_usage_over_rest_logs_rest_paths_and_the_aliases_answer_like_their_twins(
    stack: Stack, statement: dict[str, str]
) -> None:
    key = new_key(stack, credits=5)
    bad = post(stack, PARSE, key, json={"pdf_file": base64.b64encode(b"%PDF-1.4 junk").decode()})
    error_msg(bad, 400)
    good = post(stack, PARSE, key, json=statement)
    assert good.status_code == 200, good.text
    assert good.json()["meta"]["cas_type"] == "CAMS_KFINTECH"
    after = credits(stack, key)
    assert (after["used"], after["remaining"], after["is_unlimited"]) == (1, 4, False)

    logs = post(stack, "/v1/usage", key, json={}).json()
    assert logs["status"] == "success" and logs["count"] == 2
    by_request = {log["request_id"]: log for log in logs["logs"]}
    assert by_request[good.headers["x-request-id"]]["status_code"] == 200
    assert by_request[bad.headers["x-request-id"]]["status_code"] == 400
    for log in logs["logs"]:
        assert log["feature"] == "cams_kfintech_cas_parser" and log["path"] == PARSE

    summary = post(stack, "/v1/usage/summary", key, json={}).json()["summary"]
    assert summary["by_feature"] == [
        {"feature": "cams_kfintech_cas_parser", "credits": 1, "requests": 2}
    ]
    # legacy aliases answer exactly like their twins
    assert post(stack, "/credits", key, json={}).json() == credits(stack, key)
    assert (
        post(stack, "/logs", key, json={}).json() == post(stack, "/v1/usage", key, json={}).json()
    )
    assert post(stack, "/logs/summary", key, json={}).json()["summary"] == summary


def test_access_token_verification_and_its_legacy_alias(stack: Stack) -> None:
    key = new_key(stack)
    issued = post(stack, "/v1/token", key, json={"expiry_minutes": 5}).json()
    token = issued["access_token"]
    assert issued["expires_in"] == 300 and issued["token_type"] == "api_key"
    error_msg(post(stack, "/v1/credits", token, json={}), 403)
    verdict = post(stack, "/v1/token/verify", token, json={}).json()
    assert verdict == {"valid": True, "masked_api_key": f"{key[:4]}****{key[-4:]}"}
    assert post(stack, "/v1/verify-token", token, json={}).json() == verdict
    assert post(stack, "/v1/token/verify", "at_forged", json={}).json()["valid"] is False


def test_a_bearer_session_over_rest(stack: Stack) -> None:
    email = f"ana-{os.urandom(4).hex()}@example.com"
    password = {"email": email, "password": "correct horse battery"}
    registered = post(stack, "/api/auth/register", json=password)
    assert registered.status_code == 200, registered.text
    assert registered.json()["user"]["email"] == email
    error_msg(post(stack, "/api/auth/register", json=password), 409)
    tokens = post(stack, "/api/auth/login", json=password).json()
    session = {"authorization": f"Bearer {tokens['access_token']}"}
    assert httpx.get(f"{stack.url}/api/auth/me", headers=session).json()["user"]["email"] == email

    created = post(stack, "/api/keys", headers=session, json={"name": "ci"}).json()
    listed = httpx.get(f"{stack.url}/api/keys", headers=session).json()["keys"]
    assert [k["id"] for k in listed] == [created["key"]["id"]]
    revoked = httpx.delete(f"{stack.url}/api/keys/{created['key']['id']}", headers=session)
    assert revoked.status_code == 200
    error_msg(post(stack, "/v1/credits", created["api_key"], json={}), 401)

    assert post(stack, "/api/auth/logout", headers=session, json={}).status_code == 200
    error_msg(httpx.get(f"{stack.url}/api/auth/me", headers=session), 401)
