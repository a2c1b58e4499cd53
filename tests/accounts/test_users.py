from __future__ import annotations

import secrets
from datetime import timedelta

import jwt
import pytest
from sqlalchemy import text
from sqlmodel import select

from core.accounts.auth import authenticate
from core.accounts.credits import credits_info, spend
from core.accounts.grants import grant_credits
from core.accounts.keys import get_key
from core.accounts.models import User
from core.accounts.principal import Principal
from core.accounts.secret import derive_key
from core.accounts.users import (
    create_account_key,
    list_account_keys,
    login,
    logout,
    me,
    refresh,
    register,
    revoke_account_key,
)
from core.accounts.views import SignInView
from core.db import get_engine, session_scope, utcnow
from core.errors import BadRequest, Conflict, Forbidden, NotFound, RateLimited, Unauthenticated
from core.settings import Settings

PASSWORD = "correct horse battery"


def _email() -> str:
    return f"user-{secrets.token_hex(4)}@example.com"


def _signed_in(settings: Settings) -> tuple[str, SignInView, Principal]:
    email = _email()
    register(email, PASSWORD, settings=settings)
    tokens = login(email, PASSWORD, settings=settings)
    return email, tokens, authenticate(None, tokens.access_token, settings=settings)


def test_register_login_me(settings: Settings) -> None:
    email = _email()
    profile = register(f"  {email.upper()} ", PASSWORD, settings=settings)
    user = profile.user
    assert user.email == email and set(user.model_dump()) == {
        "id", "email", "account_id", "created_at",
    }  # fmt: skip

    tokens = login(email, PASSWORD, settings=settings)
    assert tokens.token_type == "bearer" and tokens.expires_in == 15 * 60
    assert tokens.user == user
    principal = authenticate(None, f"Bearer {tokens.access_token}", settings=settings)
    assert (principal.kind, principal.user_id, principal.account_id) == (
        "user",
        user.id,
        user.account_id,
    )
    assert me(principal, settings=settings) == profile


def test_password_is_stored_as_argon2(settings: Settings) -> None:
    email = _email()
    register(email, PASSWORD, settings=settings)
    with get_engine(settings).connect() as conn:
        stored = conn.execute(
            text("SELECT password_hash FROM app_user WHERE email = :e"), {"e": email}
        ).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("short1!", "at least 10"),
        ("12345678901234", "only digits"),
        ("{email}", "email"),
        ("{local}", "email"),
        ("x" * 257, "at most"),
    ],
)
def test_password_rules(settings: Settings, password: str, rule: str) -> None:
    email = _email()
    password = password.format(email=email, local=email.split("@")[0])
    with pytest.raises(BadRequest, match=rule):
        register(email, password, settings=settings)


@pytest.mark.parametrize("email", ["", "no-at-sign", "a@b", "two@@example.com"])
def test_bad_email(settings: Settings, email: str) -> None:
    with pytest.raises(BadRequest, match="email"):
        register(email, PASSWORD, settings=settings)


def test_duplicate_email(settings: Settings) -> None:
    email = _email()
    register(email, PASSWORD, settings=settings)
    with pytest.raises(Conflict):
        register(email.upper(), PASSWORD + "!", settings=settings)


def test_wrong_password_and_unknown_email_look_the_same(settings: Settings) -> None:
    email = _email()
    register(email, PASSWORD, settings=settings)
    messages = set()
    for address, password in [(email, "wrong password!"), (_email(), PASSWORD), ("junk", "x")]:
        with pytest.raises(Unauthenticated) as refused:
            login(address, password, settings=settings)
        messages.add(refused.value.message)
    assert messages == {"Invalid email or password"}


def test_failed_logins_are_throttled(settings: Settings) -> None:
    email = _email()
    register(email, PASSWORD, settings=settings)
    for _ in range(settings.login_max_failures):
        with pytest.raises(Unauthenticated):
            login(email, "wrong password!", settings=settings)
    # now even the right password is refused until the window moves on
    with pytest.raises(RateLimited) as refused:
        login(email, PASSWORD, settings=settings)
    assert 0 < refused.value.retry_after <= settings.login_failure_window_seconds
    # another email is unaffected
    other = _email()
    register(other, PASSWORD, settings=settings)
    login(other, PASSWORD, settings=settings)


def test_success_clears_earlier_failures(settings: Settings) -> None:
    email = _email()
    register(email, PASSWORD, settings=settings)
    for _ in range(settings.login_max_failures - 1):
        with pytest.raises(Unauthenticated):
            login(email, "wrong password!", settings=settings)
    login(email, PASSWORD, settings=settings)
    for _ in range(settings.login_max_failures - 1):
        with pytest.raises(Unauthenticated):
            login(email, "wrong password!", settings=settings)
    login(email, PASSWORD, settings=settings)


def test_refresh_rotates(settings: Settings) -> None:
    _, tokens, _ = _signed_in(settings)
    rotated = refresh(tokens.refresh_token, settings=settings)
    assert rotated.refresh_token != tokens.refresh_token
    assert authenticate(None, rotated.access_token, settings=settings).kind == "user"
    again = refresh(rotated.refresh_token, settings=settings)
    assert again.refresh_token not in {tokens.refresh_token, rotated.refresh_token}


def test_reusing_a_rotated_refresh_token_revokes_the_family(settings: Settings) -> None:
    _, tokens, _ = _signed_in(settings)
    current = refresh(tokens.refresh_token, settings=settings)

    with pytest.raises(Unauthenticated, match="already used"):
        refresh(tokens.refresh_token, settings=settings)  # the stolen old copy
    # every token of the family is now dead: the newest refresh token and both access tokens
    with pytest.raises(Unauthenticated, match="revoked"):
        refresh(current.refresh_token, settings=settings)
    for access in (tokens.access_token, current.access_token):
        with pytest.raises(Unauthenticated, match="revoked"):
            authenticate(None, access, settings=settings)


def test_other_sessions_survive_a_family_revocation(settings: Settings) -> None:
    email, first, _ = _signed_in(settings)
    second = login(email, PASSWORD, settings=settings)
    refresh(first.refresh_token, settings=settings)
    with pytest.raises(Unauthenticated):
        refresh(first.refresh_token, settings=settings)
    assert refresh(second.refresh_token, settings=settings).access_token


def test_logout_revokes_the_session(settings: Settings) -> None:
    _, tokens, principal = _signed_in(settings)
    assert logout(principal, settings=settings).msg == "Signed out"
    with pytest.raises(Unauthenticated, match="revoked"):
        authenticate(None, tokens.access_token, settings=settings)
    with pytest.raises(Unauthenticated, match="revoked"):
        refresh(tokens.refresh_token, settings=settings)
    logout(principal, settings=settings)  # idempotent


def test_logout_with_a_refresh_token_only(settings: Settings) -> None:
    _, tokens, _ = _signed_in(settings)
    _, key_holder_tokens, key_holder = _signed_in(settings)
    anonymous = Principal(kind="api_key", account_id=key_holder.account_id, key_id="k" * 32)
    logout(anonymous, refresh_token=tokens.refresh_token, settings=settings)
    with pytest.raises(Unauthenticated):
        refresh(tokens.refresh_token, settings=settings)
    assert refresh(key_holder_tokens.refresh_token, settings=settings)


def test_token_types_and_expiry(settings: Settings) -> None:
    _, tokens, principal = _signed_in(settings)
    with pytest.raises(Unauthenticated, match="Invalid refresh token"):
        refresh(tokens.access_token, settings=settings)
    with pytest.raises(Unauthenticated, match="Invalid bearer token"):
        authenticate(None, tokens.refresh_token, settings=settings)
    # an access token as the server signs them, whose lifetime is over
    now = utcnow()
    expired = jwt.encode(
        {
            "iss": "casgate", "sub": principal.user_id, "sid": principal.session_id,
            "typ": "access", "acc": principal.account_id, "jti": "x" * 32,
            "iat": now - timedelta(minutes=20), "exp": now - timedelta(minutes=5),
        },
        derive_key(settings, "casgate user jwt v1"),
        algorithm="HS256",
    )  # fmt: skip
    with pytest.raises(Unauthenticated, match="Bearer token has expired"):
        authenticate(None, expired, settings=settings)


def test_user_keys(settings: Settings) -> None:
    _, _, principal = _signed_in(settings)
    created = create_account_key(principal, "laptop", settings=settings)
    info, plaintext = created.key, created.api_key
    assert get_key(info.id, settings=settings).account_id == principal.account_id
    assert (info.credits_limit, info.is_unlimited) == (settings.signup_credits, False)
    assert [k.id for k in list_account_keys(principal, settings=settings).keys] == [info.id]
    grant_credits(principal.account_id or "", 5, settings=settings)

    key_principal = authenticate(plaintext, None, settings=settings)
    with spend(key_principal, "cdsl_cas_parser", settings=settings):
        pass
    assert credits_info(key_principal, settings=settings).used == 1.0

    revoke_account_key(principal, info.id, settings=settings)
    assert list_account_keys(principal, settings=settings).keys == []
    with pytest.raises(Unauthenticated, match="revoked"):
        authenticate(plaintext, None, settings=settings)


def test_users_cannot_touch_other_accounts_keys(settings: Settings) -> None:
    _, _, alice = _signed_in(settings)
    _, _, bob = _signed_in(settings)
    bobs_key = create_account_key(bob, "bob's", settings=settings).key
    with pytest.raises(NotFound):
        revoke_account_key(alice, bobs_key.id, settings=settings)
    assert list_account_keys(alice, settings=settings).keys == []
    assert [k.id for k in list_account_keys(bob, settings=settings).keys] == [bobs_key.id]


def test_active_key_cap(settings: Settings) -> None:
    capped = settings.model_copy(update={"max_active_keys_per_account": 2})
    _, _, principal = _signed_in(capped)
    first = create_account_key(principal, "1", settings=capped).key
    create_account_key(principal, "2", settings=capped)
    with pytest.raises(Conflict):
        create_account_key(principal, "3", settings=capped)
    revoke_account_key(principal, first.id, settings=capped)
    create_account_key(principal, "3", settings=capped)


def test_me_needs_a_user(settings: Settings, principal: Principal) -> None:
    with pytest.raises(Forbidden):
        me(principal, settings=settings)


def test_a_deleted_users_tokens_stop_working(settings: Settings) -> None:
    email, tokens, _ = _signed_in(settings)
    with session_scope(settings) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        session.delete(user)
    with pytest.raises(Unauthenticated):
        authenticate(None, tokens.access_token, settings=settings)
