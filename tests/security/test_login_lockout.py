"""Attack 5: locking an owner out. Failed sign-ins are held per (email, client), per client
and per email, and the per-email hold is a short backoff, not a wall; a client that signed in
before is not held by it at all."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import update

from core.accounts.models import LoginThrottle
from core.accounts.throttle import Scope, backoff_seconds, login_scopes
from core.accounts.users import login, register
from core.db import session_scope, table, utcnow
from core.errors import RateLimited, Unauthenticated
from core.settings import Settings
from tests.accounts.conftest import database_url  # noqa: F401 (fixture)
from tests.accounts.conftest import settings as shared_settings  # noqa: F401 (fixture)

PASSWORD = "correct horse battery"
OWNER = "192.0.2.10"


@pytest.fixture
def settings(shared_settings: Settings) -> Settings:  # noqa: F811
    """Small free allowances, so that few (slow) password checks reach every limit."""
    return shared_settings.model_copy(
        update={
            "login_max_failures": 3,
            "login_client_max_failures": 5,
            "login_email_max_failures": 6,
        }
    )


def _registered(settings: Settings) -> str:
    email = f"owner{secrets.token_hex(4)}@example.test"
    register(email, PASSWORD, settings=settings)
    return email


def _fail(email: str, client: str, settings: Settings) -> str:
    try:
        login(email, "wrong password!", client=client, settings=settings)
    except (Unauthenticated, RateLimited) as error:
        return type(error).__name__
    raise AssertionError("a wrong password signed in")


def _time_passes(settings: Settings) -> None:
    """Every backoff in the table ends (instead of sleeping through it)."""
    throttle = table(LoginThrottle)
    with session_scope(settings) as session:
        session.execute(update(throttle).values(next_at=utcnow()))


def test_an_attacker_elsewhere_does_not_lock_the_owner_out(settings: Settings) -> None:
    email = _registered(settings)
    login(email, PASSWORD, client=OWNER, settings=settings)  # the owner's usual client
    for attacker in range(settings.login_email_max_failures + 5):  # many addresses
        _fail(email, f"198.51.100.{attacker}", settings)
    with pytest.raises(RateLimited) as held:  # a new client waits the short email backoff
        login(email, PASSWORD, client="192.0.2.99", settings=settings)
    assert held.value.retry_after <= settings.login_email_max_delay_seconds
    # the owner's known client is not held by the email's backoff
    assert login(email, PASSWORD, client=OWNER, settings=settings).access_token


def test_one_client_is_held_for_one_email_without_holding_the_owner(settings: Settings) -> None:
    email = _registered(settings)
    attacker = "198.51.100.200"
    outcomes = [_fail(email, attacker, settings) for _ in range(settings.login_max_failures + 3)]
    free = settings.login_max_failures
    assert outcomes == ["Unauthenticated"] * free + ["RateLimited"] * 3
    assert login(email, PASSWORD, client=OWNER, settings=settings).access_token
    with pytest.raises(RateLimited):  # the owner's success does not free the attacker
        login(email, PASSWORD, client=attacker, settings=settings)


def test_one_client_spraying_many_emails_is_held(settings: Settings) -> None:
    sprayer = "198.51.100.250"
    # unknown emails cost the same password check and are counted the same
    emails = [f"nobody{n}@example.test" for n in range(settings.login_client_max_failures + 2)]
    outcomes = [_fail(email, sprayer, settings) for email in emails]
    assert outcomes.count("Unauthenticated") == settings.login_client_max_failures
    assert outcomes[-2:] == ["RateLimited", "RateLimited"]


def test_the_pair_backoff_doubles(settings: Settings) -> None:
    email, attacker = _registered(settings), "198.51.100.201"
    for _ in range(settings.login_max_failures):
        _fail(email, attacker, settings)
    waits = []
    for _ in range(3):
        with pytest.raises(RateLimited) as held:
            login(email, PASSWORD, client=attacker, settings=settings)
        waits.append(held.value.retry_after)
        _time_passes(settings)
        assert _fail(email, attacker, settings) == "Unauthenticated"  # one more try
    assert waits[0] < waits[1] < waits[2] <= settings.login_failure_window_seconds


def test_backoff_schedule() -> None:
    scope = Scope(key="k", free=2, base_seconds=15, cap_seconds=100)
    assert [backoff_seconds(n, scope) for n in range(1, 7)] == [0, 15, 30, 60, 100, 100]
    scopes = login_scopes("a@example.test", "192.0.2.1", Settings())
    assert len({scopes.pair.key, scopes.client.key, scopes.email.key}) == 3
    assert "a@example.test" not in scopes.email.key  # hashed
