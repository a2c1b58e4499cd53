"""Issue 5 on the real grpc.aio server in process (no Envoy): keys, credits, usage, tokens,
users, ownership and login throttling, each answer's REST status read from its ErrorInfo.

Every test runs against SQLite and against this machine's PostgreSQL (a fresh database each).
tests/gateway/test_accounts_e2e.py keeps what only the gateway does: the REST bodies, the legacy
path aliases and the anonymous refusal at the gateway.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest

from casgate.v1 import account_pb2, account_pb2_grpc, parse_pb2, parse_pb2_grpc
from clients._errors import ApiError, api_error
from core.accounts import create_key
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.services import postgres_database
from tests.statements import generate

ROOT = Path(__file__).resolve().parents[2]
Metadata = tuple[tuple[str, str], ...]


@pytest.fixture(scope="module")
def statement() -> parse_pb2.ParseCamsKfintechRequest:
    """A small real CAMS statement as a parse request."""
    made = generate(issuer="CAMS", variant="DETAILED", seed=5, pages=2)
    return parse_pb2.ParseCamsKfintechRequest(pdf_file=made.pdf, password=made.password)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerThread]:
    data_dir = tmp_path_factory.mktemp(f"accounts-{request.param}")
    limits: dict[str, object] = {"rate_limit_per_minute": 1000, "login_max_failures": 3}
    if request.param == "sqlite":
        running = start_server_thread(data_dir, settings=limits)
        yield running
        running.stop()
        return
    with postgres_database() as url:
        running = start_server_thread(data_dir, settings={**limits, "database_url": url})
        yield running
        running.stop()


@pytest.fixture
def channel(server: ServerThread) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(server.address) as opened:
        yield opened


def new_key(server: ServerThread, credits: float = 10, **kwargs: Any) -> str:
    _, plaintext = create_key("test", credits, settings=server.settings, **kwargs)
    return plaintext


def key(plaintext: str) -> Metadata:
    return (("x-api-key", plaintext),)


def bearer(token: str) -> Metadata:
    return (("authorization", f"Bearer {token}"),)


def accounts(channel: grpc.Channel) -> account_pb2_grpc.AccountServiceStub:
    return account_pb2_grpc.AccountServiceStub(channel)


def refused(status: int, call: Any, request: Any, metadata: Metadata = ()) -> ApiError:
    """The error a call answers, asserting the REST status its ErrorInfo names."""
    with pytest.raises(grpc.RpcError) as info:
        call(request, metadata=metadata)
    error = api_error(info.value)
    assert error.status == status, error
    assert error.message
    return error


def credits(channel: grpc.Channel, plaintext: str) -> account_pb2.GetCreditsResponse:
    return accounts(channel).GetCredits(account_pb2.GetCreditsRequest(), metadata=key(plaintext))


# --- keys -------------------------------------------------------------------------------------


def test_cli_creates_a_key_shown_once_as_the_last_line(
    server: ServerThread, channel: grpc.Channel
) -> None:
    settings = server.settings
    env = {
        **os.environ,
        "CASGATE_DATA_DIR": str(settings.data_dir),
        "CASGATE_DATABASE_URL": settings.resolved_database_url(),
    }
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "keys", "create", "--name", "ci", "--credits", "5"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    made = result.stdout.strip().splitlines()[-1]
    body = credits(channel, made)
    assert (body.limit, body.remaining, body.used) == (5, 5, 0)
    assert body.is_unlimited is False
    assert "cams_kfintech_cas_parser" in body.enabled_features
    masked = result.stdout.splitlines()[0]
    assert f"{made[:4]}****{made[-4:]}" in masked
    assert made not in result.stdout.splitlines()[0]


def test_missing_invalid_expired_and_revoked_keys_get_distinct_401s(
    server: ServerThread, channel: grpc.Channel
) -> None:
    from core.accounts import authenticate, revoke_key

    revoked = new_key(server)
    principal = authenticate(revoked, None, settings=server.settings)
    assert principal.key_id is not None
    revoke_key(principal.key_id, settings=server.settings)
    expired = new_key(server, expires_at=datetime.now(UTC) - timedelta(minutes=1))
    parse = parse_pb2_grpc.ParseServiceStub(channel).ParseCamsKfintech
    request = parse_pb2.ParseCamsKfintechRequest()
    messages = [
        refused(401, parse, request).message,
        refused(401, parse, request, key("cg_notarealkey0000000000000000000000000000000")).message,
        refused(401, parse, request, key(expired)).message,
        refused(401, parse, request, key(revoked)).message,
    ]
    assert len(set(messages)) == 4, messages


# --- credits and usage ------------------------------------------------------------------------


def test_credits_are_spent_only_on_success_and_every_call_is_logged(
    server: ServerThread, channel: grpc.Channel, statement: parse_pb2.ParseCamsKfintechRequest
) -> None:
    plaintext = new_key(server, credits=5)
    parse = parse_pb2_grpc.ParseServiceStub(channel).ParseCamsKfintech
    bad = refused(
        400, parse, parse_pb2.ParseCamsKfintechRequest(pdf_file=b"%PDF-1.4 junk"), key(plaintext)
    )
    assert credits(channel, plaintext).used == 0
    good, call = parse.with_call(statement, metadata=key(plaintext))
    assert good.meta.cas_type == "CAMS_KFINTECH"
    good_id = dict(call.initial_metadata())["x-request-id"]
    after = credits(channel, plaintext)
    assert (after.used, after.remaining) == (1, 4)

    logs = accounts(channel).ListUsage(account_pb2.ListUsageRequest(), metadata=key(plaintext))
    assert logs.status == "success" and logs.count == 2
    by_request = {log.request_id: log for log in logs.logs}
    assert (by_request[good_id].status_code, by_request[good_id].credits) == (200, 1)
    assert bad.request_id is not None
    assert (by_request[bad.request_id].status_code, by_request[bad.request_id].credits) == (400, 0)
    for log in logs.logs:  # native gRPC names the method (REST calls log their path: e2e)
        assert log.feature == "cams_kfintech_cas_parser"
        assert log.path == "/casgate.v1.ParseService/ParseCamsKfintech"

    summary = (
        accounts(channel)
        .SummarizeUsage(account_pb2.SummarizeUsageRequest(), metadata=key(plaintext))
        .summary
    )
    assert (summary.total_requests, summary.total_credits) == (2, 1)
    assert [(f.feature, f.credits, f.requests) for f in summary.by_feature] == [
        ("cams_kfintech_cas_parser", 1, 2)
    ]


def test_usage_limit_must_be_between_1_and_500(server: ServerThread, channel: grpc.Channel) -> None:
    plaintext = new_key(server)
    usage = accounts(channel).ListUsage
    usage(account_pb2.ListUsageRequest(limit=500), metadata=key(plaintext))
    refused(400, usage, account_pb2.ListUsageRequest(limit=501), key(plaintext))
    refused(400, usage, account_pb2.ListUsageRequest(limit=-1), key(plaintext))
    refused(400, usage, account_pb2.ListUsageRequest(start_time="yesterday-ish"), key(plaintext))


def test_concurrent_parses_never_overdraw(
    server: ServerThread, channel: grpc.Channel, statement: parse_pb2.ParseCamsKfintechRequest
) -> None:
    plaintext = new_key(server, credits=50)

    async def storm() -> list[int]:
        async with grpc.aio.insecure_channel(server.address) as aio:
            parse = parse_pb2_grpc.ParseServiceStub(aio).ParseCamsKfintech

            async def one() -> int:
                try:
                    await parse(statement, metadata=key(plaintext))
                except grpc.aio.AioRpcError as error:
                    return api_error(error).status
                return 200

            return list(await asyncio.gather(*(one() for _ in range(200))))

    assert Counter(asyncio.run(storm())) == {200: 50, 402: 150}
    after = credits(channel, plaintext)
    assert (after.used, after.remaining) == (50, 0)
    parse = parse_pb2_grpc.ParseServiceStub(channel).ParseCamsKfintech
    refused(402, parse, statement, key(plaintext))


# --- access tokens ----------------------------------------------------------------------------


def test_access_tokens(
    server: ServerThread, channel: grpc.Channel, statement: parse_pb2.ParseCamsKfintechRequest
) -> None:
    plaintext = new_key(server, credits=5)
    stub = accounts(channel)
    issued = stub.CreateAccessToken(
        account_pb2.CreateAccessTokenRequest(expiry_minutes=5), metadata=key(plaintext)
    )
    token = issued.access_token
    assert token.startswith("at_") and issued.token_type == "api_key"
    assert issued.expires_in == 300
    default = stub.CreateAccessToken(
        account_pb2.CreateAccessTokenRequest(), metadata=key(plaintext)
    )
    assert default.expires_in == 3600
    too_long = account_pb2.CreateAccessTokenRequest(expiry_minutes=61)
    refused(400, stub.CreateAccessToken, too_long, key(plaintext))

    parse_pb2_grpc.ParseServiceStub(channel).ParseCamsKfintech(statement, metadata=key(token))
    assert credits(channel, plaintext).used == 1  # the token spends its key's credits
    for call, request in [
        (stub.GetCredits, account_pb2.GetCreditsRequest()),
        (stub.ListUsage, account_pb2.ListUsageRequest()),
        (stub.SummarizeUsage, account_pb2.SummarizeUsageRequest()),
        (stub.CreateAccessToken, account_pb2.CreateAccessTokenRequest()),
    ]:
        refused(403, call, request, key(token))

    verdict = stub.VerifyAccessToken(account_pb2.VerifyAccessTokenRequest(), metadata=key(token))
    assert verdict.valid and verdict.masked_api_key == f"{plaintext[:4]}****{plaintext[-4:]}"
    forged = stub.VerifyAccessToken(
        account_pb2.VerifyAccessTokenRequest(), metadata=key("at_forged")
    )
    assert forged.valid is False


# --- users --------------------------------------------------------------------------------------


def _email(tag: str) -> str:
    return f"{tag}-{os.urandom(4).hex()}@example.com"


def _register(stub: account_pb2_grpc.AccountServiceStub, email: str) -> None:
    stub.Register(account_pb2.RegisterRequest(email=email, password="correct horse battery"))


def _login(stub: account_pb2_grpc.AccountServiceStub, email: str) -> account_pb2.LoginResponse:
    return stub.Login(account_pb2.LoginRequest(email=email, password="correct horse battery"))


def test_register_login_refresh_rotation_and_logout(channel: grpc.Channel) -> None:
    stub, email = accounts(channel), _email("ana")
    for weak in ("short", "1234567890123"):
        refused(400, stub.Register, account_pb2.RegisterRequest(email=email, password=weak))
    registered = stub.Register(
        account_pb2.RegisterRequest(email=email, password="correct horse battery")
    )
    assert registered.user.email == email
    again = account_pb2.RegisterRequest(email=email, password="correct horse battery")
    refused(409, stub.Register, again)

    tokens = _login(stub, email)
    me = stub.GetMe(account_pb2.GetMeRequest(), metadata=bearer(tokens.access_token))
    assert me.user.email == email

    fresh = stub.RefreshToken(account_pb2.RefreshTokenRequest(refresh_token=tokens.refresh_token))
    assert fresh.refresh_token != tokens.refresh_token
    # reusing the retired refresh token revokes the whole family, the fresh one included
    for retired in (tokens.refresh_token, fresh.refresh_token):
        refused(401, stub.RefreshToken, account_pb2.RefreshTokenRequest(refresh_token=retired))
    refused(401, stub.GetMe, account_pb2.GetMeRequest(), bearer(tokens.access_token))

    session = bearer(_login(stub, email).access_token)
    stub.Logout(account_pb2.LogoutRequest(), metadata=session)
    refused(401, stub.GetMe, account_pb2.GetMeRequest(), session)


def test_failed_logins_are_throttled(channel: grpc.Channel) -> None:
    stub, email = accounts(channel), _email("bo")
    _register(stub, email)
    wrong = account_pb2.LoginRequest(email=email, password="wrong password!")
    for _ in range(3):
        refused(401, stub.Login, wrong)
    with pytest.raises(grpc.RpcError) as info:
        _login(stub, email)
    assert api_error(info.value).status == 429
    headers = dict((*info.value.initial_metadata(), *info.value.trailing_metadata()))
    assert int(headers["retry-after"]) > 0


def test_users_manage_their_own_keys_and_see_nothing_of_others(
    server: ServerThread, channel: grpc.Channel
) -> None:
    stub = accounts(channel)
    sessions = {}
    for name in ("owner", "other"):
        email = _email(name)
        _register(stub, email)
        sessions[name] = bearer(_login(stub, email).access_token)
    created = stub.CreateApiKey(
        account_pb2.CreateApiKeyRequest(name="ci"), metadata=sessions["owner"]
    )
    plaintext, record = created.api_key, created.key
    assert record.masked_key == f"{plaintext[:4]}****{plaintext[-4:]}"
    assert credits(channel, plaintext).limit == server.settings.signup_credits

    listed = stub.ListApiKeys(account_pb2.ListApiKeysRequest(), metadata=sessions["owner"]).keys
    assert [k.id for k in listed] == [record.id]
    assert plaintext not in str(listed)
    theirs = stub.ListApiKeys(account_pb2.ListApiKeysRequest(), metadata=sessions["other"])
    assert list(theirs.keys) == []
    revoke = account_pb2.RevokeApiKeyRequest(key_id=record.id)
    refused(404, stub.RevokeApiKey, revoke, sessions["other"])
    credits(channel, plaintext)  # still alive
    stub.RevokeApiKey(revoke, metadata=sessions["owner"])
    refused(401, stub.GetCredits, account_pb2.GetCreditsRequest(), key(plaintext))


def test_hashes_not_keys_or_passwords_are_stored(
    server: ServerThread, channel: grpc.Channel
) -> None:
    from sqlalchemy import text

    from core.db import get_engine

    plaintext = new_key(server)
    accounts(channel).Register(
        account_pb2.RegisterRequest(email=_email("cy"), password="a very secret passphrase")
    )
    with get_engine(server.settings).connect() as conn:
        dump = " ".join(
            str(row)
            for table in ("api_key", "app_user")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    assert plaintext not in dump and plaintext.split("_", 1)[1][-32:] not in dump
    assert "a very secret passphrase" not in dump
