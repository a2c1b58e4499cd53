from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from core.accounts.auth import authenticate, authenticate_async
from core.accounts.credits import credits_info, spend
from core.accounts.keys import create_key, revoke_key
from core.accounts.models import Account, ApiKey
from core.accounts.principal import SANDBOX_API_KEY
from core.accounts.tokens import issue_access_token
from core.db import session_scope, utcnow
from core.errors import Conflict, Forbidden, Unauthenticated
from core.settings import Settings


def _message(settings: Settings, api_key: str | None, bearer: str | None = None) -> str:
    with pytest.raises(Unauthenticated) as caught:
        authenticate(api_key, bearer, settings=settings)
    return caught.value.message


def test_api_key_authenticates_to_its_account(settings: Settings) -> None:
    info, plaintext = create_key("auth", 3, settings=settings)
    principal = authenticate(plaintext, None, settings=settings)
    assert (principal.kind, principal.account_id, principal.key_id) == (
        "api_key",
        info.account_id,
        info.id,
    )
    assert principal.masked_key == info.masked_key and not principal.is_sandbox
    # surrounding whitespace in a header value is tolerated
    assert authenticate(f"  {plaintext} ", None, settings=settings).key_id == info.id


def test_missing_invalid_expired_revoked_each_say_so(settings: Settings) -> None:
    _, live = create_key("live", 1, settings=settings)
    _, expired = create_key("old", 1, expires_at=utcnow() - timedelta(seconds=1), settings=settings)
    revoked_info, revoked = create_key("gone", 1, settings=settings)
    revoke_key(revoked_info.id, settings=settings)
    forged = live[:-4] + ("AAAA" if not live.endswith("AAAA") else "BBBB")

    messages = {
        "missing": _message(settings, None),
        "empty": _message(settings, "  "),
        "garbage": _message(settings, "not-a-key"),
        "forged": _message(settings, forged),
        "expired": _message(settings, expired),
        "revoked": _message(settings, revoked),
    }
    assert "Missing" in messages["missing"] and messages["empty"] == messages["missing"]
    assert messages["garbage"] == messages["forged"] == "Invalid API key"
    assert "expired" in messages["expired"]
    assert "revoked" in messages["revoked"]
    assert (
        len({messages["missing"], messages["forged"], messages["expired"], messages["revoked"]})
        == 4
    )


def test_state_of_a_key_is_only_revealed_to_its_holder(settings: Settings) -> None:
    info, plaintext = create_key("secretive", 1, settings=settings)
    revoke_key(info.id, settings=settings)
    wrong_secret = plaintext[:15] + "x" * 32
    assert _message(settings, wrong_secret) == "Invalid API key"


def test_sandbox_key(settings: Settings) -> None:
    principal = authenticate(SANDBOX_API_KEY, None, settings=settings)
    assert principal.is_sandbox and principal.account_id is None and principal.key_id is None
    with spend(principal, "cdsl_cas_parser", settings=settings) as charge:
        pass
    assert not charge.charged
    with pytest.raises(Forbidden):  # the sandbox's credits are a sample answered at the edge
        credits_info(principal, settings=settings)


def test_bootstrap_key_maps_to_one_unlimited_operator_account(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # a database of its own: there is one operator row per database
    settings = Settings(
        database_url=database_url,
        data_dir=tmp_path_factory.mktemp("bootstrap"),
        bootstrap_api_key="operator-key-" + "z" * 20,
    )
    first = authenticate(settings.bootstrap_api_key, None, settings=settings)
    again = authenticate(settings.bootstrap_api_key, None, settings=settings)
    assert first == again and first.kind == "api_key" and first.account_id
    assert first.masked_key == "oper****zzzz"
    with session_scope(settings) as session:
        rows = session.exec(select(ApiKey).where(ApiKey.is_bootstrap)).all()
        assert len(rows) == 1
        operator = session.get(Account, rows[0].account_id)
        assert operator is not None and operator.unlimited
        assert settings.bootstrap_api_key not in rows[0].secret_hash
    assert credits_info(first, settings=settings).is_unlimited is True
    # a feature configured later is open to the operator at once
    more = settings.model_copy(
        update={"credit_costs": {**settings.credit_costs, "new_feature": 2.0}}
    )
    authenticate(more.bootstrap_api_key, None, settings=more)
    with spend(first, "new_feature", settings=more) as charge:
        pass
    assert charge.charged
    with pytest.raises(Conflict):
        revoke_key(first.key_id or "", settings=settings)

    # tokens of the operator key die when the operator key is unset
    token = issue_access_token(first, settings=settings).access_token
    assert authenticate(token, None, settings=settings).key_id == first.key_id
    unset = settings.model_copy(update={"bootstrap_api_key": ""})
    with pytest.raises(Unauthenticated, match="revoked"):
        authenticate(token, None, settings=unset)
    # and the old operator key is then just an invalid key
    with pytest.raises(Unauthenticated, match="Invalid API key"):
        authenticate(settings.bootstrap_api_key, None, settings=unset)


def test_access_token_accepted_in_either_header_but_not_everywhere(settings: Settings) -> None:
    info, plaintext = create_key("tok", 1, settings=settings)
    principal = authenticate(plaintext, None, settings=settings)
    token = issue_access_token(principal, settings=settings).access_token
    for api_key, bearer in [(token, None), (None, token), (None, f"Bearer {token}")]:
        principal = authenticate(api_key, bearer, settings=settings)
        assert principal.via_access_token and principal.key_id == info.id
        assert principal.masked_key == info.masked_key
    with pytest.raises(Forbidden):
        authenticate(token, None, allow_access_token=False, settings=settings)
    # the API key itself is of course fine there
    authenticate(plaintext, None, allow_access_token=False, settings=settings)


def test_invalid_bearer_jwt(settings: Settings) -> None:
    assert _message(settings, None, "Bearer not.a.jwt") == "Invalid bearer token"


async def test_authenticate_async(settings: Settings) -> None:
    info, plaintext = create_key("async", 1, settings=settings)
    principal = await authenticate_async(plaintext, None, settings=settings)
    assert principal.key_id == info.id
    with pytest.raises(Unauthenticated):
        await authenticate_async("nope", None, settings=settings)
