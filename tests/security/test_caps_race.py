"""Attack 3: racing the caps. Concurrent key creations and concurrent wrong passwords must not
get past the active-key cap or the sign-in throttle, on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.accounts.auth import authenticate
from core.accounts.keys import count_active_keys, create_key
from core.accounts.users import create_account_key, login, register
from core.errors import CasgateError, Conflict, RateLimited, Unauthenticated
from core.settings import Settings
from tests.accounts.conftest import database_url  # noqa: F401 (fixture)
from tests.accounts.conftest import settings as accounts_settings  # noqa: F401 (fixture)

#: threads racing at once: enough to overlap many checks, few enough for a shared PostgreSQL
THREADS = 12


@pytest.fixture
def settings(accounts_settings: Settings) -> Settings:  # noqa: F811
    """A migrated database of each backend (SQLite, PostgreSQL)."""
    return accounts_settings


def _all_at_once(count: int, call: Callable[[int], object]) -> Counter[str]:
    """Run ``call(i)`` ``count`` times on ``THREADS`` threads, the first of them released
    together; the outcomes by kind."""
    gate = threading.Barrier(THREADS)

    def one(index: int) -> str:
        if index < THREADS:
            gate.wait()
        try:
            call(index)
        except CasgateError as error:
            return type(error).__name__
        return "ok"

    with ThreadPoolExecutor(THREADS) as pool:
        return Counter(pool.map(one, range(count)))


def test_concurrent_key_creations_stop_at_the_cap(settings: Settings) -> None:
    _, secret = create_key("racer", 1, settings=settings)
    caller = authenticate(secret, None, settings=settings)
    cap = settings.max_active_keys_per_account
    outcomes = _all_at_once(
        30, lambda i: create_account_key(caller, f"race {i}", settings=settings)
    )
    assert outcomes == {"ok": cap - 1, Conflict.__name__: 30 - (cap - 1)}
    assert count_active_keys(caller.account_id or "", settings=settings) == cap


def test_concurrent_wrong_passwords_get_only_the_free_attempts(settings: Settings) -> None:
    email = f"victim{secrets.token_hex(4)}@example.test"
    register(email, "correct horse battery", settings=settings)
    outcomes = _all_at_once(
        40, lambda _: login(email, "wrong password!", client="203.0.113.9", settings=settings)
    )
    # Unauthenticated means the password was checked; RateLimited, refused before that
    assert outcomes == {
        Unauthenticated.__name__: settings.login_max_failures,
        RateLimited.__name__: 40 - settings.login_max_failures,
    }
