from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from core.accounts.auth import authenticate
from core.accounts.keys import create_key, revoke_key
from core.accounts.principal import SANDBOX_API_KEY
from core.accounts.secret import derive_key, server_secret
from core.accounts.tokens import issue_access_token, verify_access_token
from core.db import utcnow
from core.errors import BadRequest, Forbidden, Unauthenticated
from core.settings import Settings


def _caller(settings: Settings) -> tuple[str, str]:
    info, plaintext = create_key("tokens", 1, settings=settings)
    return info.masked_key, plaintext


def test_issue_and_verify(settings: Settings) -> None:
    masked, plaintext = _caller(settings)
    body = issue_access_token(authenticate(plaintext, None, settings=settings), settings=settings)
    assert body.access_token.startswith("at_")
    assert (body.token_type, body.expires_in) == ("api_key", 3600)
    assert verify_access_token(body.access_token, settings=settings).model_dump(
        exclude_none=True
    ) == {
        "valid": True,
        "masked_api_key": masked,
    }
    assert plaintext not in body.access_token


@pytest.mark.parametrize("minutes", [1, 30, 60])
def test_expiry_minutes_in_range(settings: Settings, minutes: int) -> None:
    _, plaintext = _caller(settings)
    body = issue_access_token(
        authenticate(plaintext, None, settings=settings), minutes, settings=settings
    )
    assert body.expires_in == minutes * 60


@pytest.mark.parametrize("minutes", [0, -1, 61, 3600])
def test_expiry_minutes_out_of_range(settings: Settings, minutes: int) -> None:
    _, plaintext = _caller(settings)
    with pytest.raises(BadRequest, match="1 to 60"):
        issue_access_token(
            authenticate(plaintext, None, settings=settings), minutes, settings=settings
        )


def test_no_token_from_a_token(settings: Settings) -> None:
    _, plaintext = _caller(settings)
    token = issue_access_token(authenticate(plaintext, None, settings=settings), settings=settings)
    via_token = authenticate(token.access_token, None, settings=settings)
    with pytest.raises(Forbidden):
        issue_access_token(via_token, settings=settings)


def test_revoking_the_key_revokes_its_tokens(settings: Settings) -> None:
    info, plaintext = create_key("revoke tokens", 1, settings=settings)
    token = issue_access_token(authenticate(plaintext, None, settings=settings), settings=settings)
    revoke_key(info.id, settings=settings)
    assert verify_access_token(token.access_token, settings=settings).model_dump(
        exclude_none=True
    ) == {
        "valid": False,
        "error": "Token has been revoked",
    }
    with pytest.raises(Unauthenticated, match="revoked"):
        authenticate(token.access_token, None, settings=settings)


def test_expired_token(settings: Settings) -> None:
    info, _ = create_key("expired token", 1, settings=settings)
    # a token exactly as the server signs them, whose lifetime is over
    now = utcnow()
    claims = {
        "sub": info.id,
        "kv": "0" * 32,
        "aud": "casgate:access-token",
        "iat": now - timedelta(minutes=61),
        "exp": now - timedelta(minutes=1),
    }
    token = "at_" + jwt.encode(
        claims, derive_key(settings, "casgate access token v1"), algorithm="HS256"
    )
    assert verify_access_token(token, settings=settings).model_dump(exclude_none=True) == {
        "valid": False,
        "error": "Token has expired",
    }
    with pytest.raises(Unauthenticated, match="Token has expired"):
        authenticate(token, None, settings=settings)


def test_forged_and_foreign_tokens_are_invalid(settings: Settings, tmp_path_factory) -> None:
    _, plaintext = _caller(settings)
    token = issue_access_token(
        authenticate(plaintext, None, settings=settings), settings=settings
    ).access_token
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    other_server = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("other")})
    assert server_secret(other_server) != server_secret(settings)

    for bad in [tampered, "at_garbage", plaintext, ""]:
        assert verify_access_token(bad, settings=settings).valid is False
    assert verify_access_token(token, settings=other_server).valid is False


def test_sandbox_tokens(settings: Settings) -> None:
    sandbox = authenticate(SANDBOX_API_KEY, None, settings=settings)
    token = issue_access_token(sandbox, 5, settings=settings).access_token
    assert authenticate(token, None, settings=settings).is_sandbox
    assert verify_access_token(token, settings=settings).valid is True


def test_server_secret_file_is_private_and_stable(settings: Settings) -> None:
    first = server_secret(settings)
    path = settings.data_dir / "jwt_secret"
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(first) >= 32
    assert path.read_bytes().strip() == first  # what a restarted process will read
