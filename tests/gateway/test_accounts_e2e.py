"""Issue 5 through the real gateway: keys, credits, usage, tokens, users, ownership, limits.

Every test runs against SQLite and against this machine's PostgreSQL (a fresh database each).
"""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.accounts import create_key
from tests.conftest import Stack, start_stack
from tests.services import postgres_database
from tests.statements import generate

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PARSE = "/v4/cams_kfintech/parse"


@pytest.fixture(scope="module")
def statement() -> dict[str, str]:
    """A small real CAMS statement as a JSON parse body."""
    made = generate(issuer="CAMS", variant="DETAILED", seed=5, pages=2)
    return {"pdf_file": base64.b64encode(made.pdf).decode(), "password": made.password}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp(f"accounts-{request.param}")
    limits = {"rate_limit_per_minute": 1000, "login_max_failures": 3}
    if request.param == "sqlite":
        running = start_stack(data_dir, settings=limits)
        yield running
        running.stop()
        return
    with postgres_database() as url:
        running = start_stack(data_dir, settings={**limits, "database_url": url})
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


# --- keys -------------------------------------------------------------------------------------


def test_cli_creates_a_key_shown_once_as_the_last_line(stack: Stack) -> None:
    settings = stack.server.settings
    env = {
        **os.environ,
        "CASGATE_DATA_DIR": str(settings.data_dir),
        "CASGATE_DATABASE_URL": settings.resolved_database_url(),
    }
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "keys", "create", "--name", "ci", "--credits", "5"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    key = result.stdout.strip().splitlines()[-1]
    body = credits(stack, key)
    assert (body["limit"], body["remaining"], body["used"]) == (5, 5, 0)
    assert body["is_unlimited"] is False
    assert "cams_kfintech_cas_parser" in body["enabled_features"]
    masked = result.stdout.splitlines()[0]
    assert f"{key[:4]}****{key[-4:]}" in masked
    assert key not in result.stdout.splitlines()[0]


def test_missing_invalid_expired_and_revoked_keys_get_distinct_401s(stack: Stack) -> None:
    revoked = new_key(stack)
    settings = stack.server.settings
    env = {**os.environ, "CASGATE_DATA_DIR": str(settings.data_dir),
           "CASGATE_DATABASE_URL": settings.resolved_database_url()}  # fmt: skip
    key_id = _key_id(stack, revoked)
    subprocess.run([sys.executable, "-m", "server.cli", "keys", "revoke", key_id],
                   cwd=ROOT, env=env, check=True, capture_output=True)  # fmt: skip
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


def _key_id(stack: Stack, plaintext: str) -> str:
    from core.accounts import authenticate

    principal = authenticate(plaintext, None, settings=stack.server.settings)
    assert principal.key_id is not None
    return principal.key_id


# --- credits and usage ------------------------------------------------------------------------


def test_credits_are_spent_only_on_success_and_every_call_is_logged(
    stack: Stack, statement: dict[str, str]
) -> None:
    key = new_key(stack, credits=5)
    bad = post(stack, PARSE, key, json={"pdf_file": base64.b64encode(b"%PDF-1.4 junk").decode()})
    error_msg(bad, 400)
    assert credits(stack, key)["used"] == 0
    good = post(stack, PARSE, key, json=statement)
    assert good.status_code == 200, good.text
    assert good.json()["meta"]["cas_type"] == "CAMS_KFINTECH"
    after = credits(stack, key)
    assert (after["used"], after["remaining"]) == (1, 4)

    logs = post(stack, "/v1/usage", key, json={}).json()
    assert logs["status"] == "success" and logs["count"] == 2
    by_request = {log["request_id"]: log for log in logs["logs"]}
    assert by_request[good.headers["x-request-id"]]["status_code"] == 200
    assert by_request[good.headers["x-request-id"]]["credits"] == 1
    assert by_request[bad.headers["x-request-id"]]["status_code"] == 400
    assert by_request[bad.headers["x-request-id"]]["credits"] == 0
    for log in logs["logs"]:
        assert log["feature"] == "cams_kfintech_cas_parser" and log["path"] == PARSE

    summary = post(stack, "/v1/usage/summary", key, json={}).json()["summary"]
    assert summary["total_requests"] == 2 and summary["total_credits"] == 1
    assert summary["by_feature"] == [
        {"feature": "cams_kfintech_cas_parser", "credits": 1, "requests": 2}
    ]
    # legacy aliases answer exactly like their twins
    assert post(stack, "/credits", key, json={}).json() == credits(stack, key)
    assert (
        post(stack, "/logs", key, json={}).json() == post(stack, "/v1/usage", key, json={}).json()
    )
    assert post(stack, "/logs/summary", key, json={}).json()["summary"] == summary


def test_usage_limit_must_be_between_1_and_500(stack: Stack) -> None:
    key = new_key(stack)
    assert post(stack, "/v1/usage", key, json={"limit": 500}).status_code == 200
    error_msg(post(stack, "/v1/usage", key, json={"limit": 501}), 400)
    error_msg(post(stack, "/v1/usage", key, json={"limit": -1}), 400)
    error_msg(post(stack, "/v1/usage", key, json={"start_time": "yesterday-ish"}), 400)


def test_concurrent_parses_never_overdraw(stack: Stack, statement: dict[str, str]) -> None:
    key = new_key(stack, credits=50)

    async def storm() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(base_url=stack.url, timeout=120, limits=limits) as client:
            calls = [
                client.post(PARSE, json=statement, headers={"x-api-key": key}) for _ in range(200)
            ]
            return await asyncio.gather(*calls)

    statuses = Counter(r.status_code for r in asyncio.run(storm()))
    assert statuses == {200: 50, 402: 150}
    after = credits(stack, key)
    assert (after["used"], after["remaining"]) == (50, 0)
    error_msg(post(stack, PARSE, key, json=statement), 402)


# --- access tokens ----------------------------------------------------------------------------


def test_access_tokens(stack: Stack, statement: dict[str, str]) -> None:
    key = new_key(stack, credits=5)
    issued = post(stack, "/v1/token", key, json={"expiry_minutes": 5}).json()
    token = issued["access_token"]
    assert token.startswith("at_") and issued["token_type"] == "api_key"
    assert issued["expires_in"] == 300
    assert post(stack, "/v1/token", key, json={}).json()["expires_in"] == 3600
    error_msg(post(stack, "/v1/token", key, json={"expiry_minutes": 61}), 400)

    assert post(stack, PARSE, token, json=statement).status_code == 200
    assert credits(stack, key)["used"] == 1  # the token spends its key's credits
    for path in ("/v1/credits", "/v1/usage", "/v1/usage/summary", "/v1/token", "/credits"):
        error_msg(post(stack, path, token, json={}), 403)

    verdict = post(stack, "/v1/token/verify", token, json={}).json()
    assert verdict == {"valid": True, "masked_api_key": f"{key[:4]}****{key[-4:]}"}
    legacy = post(stack, "/v1/verify-token", token, json={}).json()
    assert legacy == verdict
    assert post(stack, "/v1/token/verify", "at_forged", json={}).json()["valid"] is False


# --- users --------------------------------------------------------------------------------------


def _register(stack: Stack, email: str, password: str = "correct horse battery") -> httpx.Response:
    return post(stack, "/api/auth/register", json={"email": email, "password": password})


def _login(stack: Stack, email: str, password: str = "correct horse battery") -> dict[str, Any]:
    response = post(stack, "/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _email(tag: str) -> str:
    return f"{tag}-{os.urandom(4).hex()}@example.com"


def test_register_login_refresh_rotation_and_logout(stack: Stack) -> None:
    email = _email("ana")
    error_msg(_register(stack, email, "short"), 400)
    error_msg(_register(stack, email, "1234567890123"), 400)
    registered = _register(stack, email)
    assert registered.status_code == 200, registered.text
    assert registered.json()["user"]["email"] == email
    error_msg(_register(stack, email), 409)

    tokens = _login(stack, email)
    bearer = {"authorization": f"Bearer {tokens['access_token']}"}
    me = httpx.get(f"{stack.url}/api/auth/me", headers=bearer).json()
    assert me["user"]["email"] == email

    rotated = post(stack, "/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert rotated.status_code == 200
    fresh = rotated.json()
    assert fresh["refresh_token"] != tokens["refresh_token"]
    # reusing the retired refresh token revokes the whole family, the fresh one included
    error_msg(
        post(stack, "/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}), 401
    )
    error_msg(post(stack, "/api/auth/refresh", json={"refresh_token": fresh["refresh_token"]}), 401)
    error_msg(httpx.get(f"{stack.url}/api/auth/me", headers=bearer), 401)

    again = _login(stack, email)
    session = {"authorization": f"Bearer {again['access_token']}"}
    assert post(stack, "/api/auth/logout", headers=session, json={}).status_code == 200
    error_msg(httpx.get(f"{stack.url}/api/auth/me", headers=session), 401)


def test_failed_logins_are_throttled(stack: Stack) -> None:
    email = _email("bo")
    assert _register(stack, email).status_code == 200
    for _ in range(3):
        wrong = post(stack, "/api/auth/login", json={"email": email, "password": "wrong password!"})
        error_msg(wrong, 401)
    throttled = post(
        stack, "/api/auth/login", json={"email": email, "password": "correct horse battery"}
    )
    error_msg(throttled, 429)
    assert int(throttled.headers["retry-after"]) > 0


def test_users_manage_their_own_keys_and_see_nothing_of_others(stack: Stack) -> None:
    sessions = {}
    for name in ("owner", "other"):
        email = _email(name)
        assert _register(stack, email).status_code == 200
        sessions[name] = {"authorization": f"Bearer {_login(stack, email)['access_token']}"}
    created = post(stack, "/api/keys", headers=sessions["owner"], json={"name": "ci"})
    assert created.status_code == 200, created.text
    plaintext, record = created.json()["api_key"], created.json()["key"]
    assert record["masked_key"] == f"{plaintext[:4]}****{plaintext[-4:]}"
    assert credits(stack, plaintext)["limit"] == stack.server.settings.signup_credits

    listed = httpx.get(f"{stack.url}/api/keys", headers=sessions["owner"]).json()["keys"]
    assert [k["id"] for k in listed] == [record["id"]]
    assert plaintext not in str(listed)
    assert httpx.get(f"{stack.url}/api/keys", headers=sessions["other"]).json()["keys"] == []
    stolen = httpx.delete(f"{stack.url}/api/keys/{record['id']}", headers=sessions["other"])
    error_msg(stolen, 404)
    credits(stack, plaintext)  # still alive
    revoked = httpx.delete(f"{stack.url}/api/keys/{record['id']}", headers=sessions["owner"])
    assert revoked.status_code == 200
    error_msg(post(stack, "/v1/credits", plaintext, json={}), 401)


def test_hashes_not_keys_or_passwords_are_stored(stack: Stack) -> None:
    key = new_key(stack)
    email = _email("cy")
    assert _register(stack, email, "a very secret passphrase").status_code == 200
    from sqlalchemy import text

    from core.db import get_engine

    with get_engine(stack.server.settings).connect() as conn:
        dump = " ".join(
            str(row)
            for table in ("api_key", "app_user")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    assert key not in dump and key.split("_", 1)[1][-32:] not in dump
    assert "a very secret passphrase" not in dump
