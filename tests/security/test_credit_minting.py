"""Attack 1: minting credits. Keys, users and sign-ups can only spend what the operator gave
their account."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from core.accounts.auth import authenticate
from core.accounts.credits import credits_info, spend
from core.accounts.grants import grant_credits
from core.accounts.keys import create_key
from core.accounts.principal import Principal
from core.accounts.users import create_account_key, login, register, revoke_account_key
from core.errors import Forbidden, InsufficientCredits
from core.settings import Settings
from tests.accounts.conftest import database_url  # noqa: F401 (fixture)
from tests.accounts.conftest import settings as accounts_settings  # noqa: F401 (fixture)
from tests.conftest import Stack

PARSE = "cams_kfintech_cas_parser"
ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "correct horse battery"


@pytest.fixture
def settings(accounts_settings: Settings) -> Settings:  # noqa: F811
    """A migrated database of each backend (SQLite, PostgreSQL)."""
    return accounts_settings


def _parses(principal: Principal, settings: Settings, attempts: int) -> int:
    """How many of ``attempts`` parses were paid for."""
    done = 0
    for _ in range(attempts):
        try:
            with spend(principal, PARSE, settings=settings):
                done += 1
        except InsufficientCredits:
            pass
    return done


def _user(settings: Settings) -> Principal:
    email = f"u{secrets.token_hex(6)}@example.test"
    register(email, PASSWORD, settings=settings)
    token = login(email, PASSWORD, client="198.51.100.7", settings=settings).access_token
    return authenticate(None, token, settings=settings)


def test_a_key_cannot_mint_a_richer_key_nor_remint_after_revoking(settings: Settings) -> None:
    _, secret = create_key("three credits", 3, settings=settings)
    three = authenticate(secret, None, settings=settings)
    spent = 0
    for cycle in range(3):  # create, spend, revoke, repeat: the attack's three cycles
        created = create_account_key(three, f"minted {cycle}", settings=settings)
        minted_info, minted = created.key, created.api_key
        assert minted_info.credits_limit == 3  # the account's balance, not a new one
        spent += _parses(authenticate(minted, None, settings=settings), settings, 4)
        revoke_account_key(three, minted_info.id, settings=settings)
    spent += _parses(three, settings, 4)
    assert spent == 3
    assert credits_info(three, settings=settings).model_dump(mode="json")["remaining"] == 0


def test_a_key_cannot_enable_features_it_does_not_have(settings: Settings) -> None:
    _, secret = create_key("one feature", 5, features=["cdsl_cas_parser"], settings=settings)
    narrow = authenticate(secret, None, settings=settings)
    created = create_account_key(narrow, "wider?", settings=settings)
    minted, plaintext = created.key, created.api_key
    assert minted.enabled_features == ["cdsl_cas_parser"]
    minted_principal = authenticate(plaintext, None, settings=settings)
    with pytest.raises(Forbidden), spend(minted_principal, PARSE, settings=settings):
        pass


def test_a_self_registered_user_and_their_keys_share_the_signup_balance(
    settings: Settings,
) -> None:
    signup = settings.model_copy(update={"signup_credits": 2.0})
    user = _user(signup)
    keys = [create_account_key(user, f"k{n}", settings=signup).api_key for n in range(5)]
    principals = [user] + [authenticate(k, None, settings=signup) for k in keys]
    assert sum(_parses(p, signup, 2) for p in principals) == 2  # not 2 per key, nor free
    assert credits_info(user, settings=signup).model_dump(mode="json")["used"] == 2.0


def test_production_sign_ups_start_with_nothing(settings: Settings) -> None:
    assert Settings.model_fields["signup_credits"].default == 0
    user = _user(settings)
    # a JWT parse is charged, not logged for free
    with pytest.raises(InsufficientCredits), spend(user, PARSE, settings=settings):
        pass
    assert credits_info(user, settings=settings).model_dump(mode="json")["limit"] == 0
    grant_credits(user.account_id or "", 1, settings=settings)  # the operator's grant
    assert _parses(user, settings, 2) == 1


def test_registration_can_be_switched_off(settings: Settings) -> None:
    closed = settings.model_copy(update={"registration_open": False})
    with pytest.raises(Forbidden, match="Registration is closed"):
        register("closed@example.test", PASSWORD, settings=closed)


def test_minting_through_the_gateway_adds_nothing(stack: Stack) -> None:
    """The attack as it was made: ``POST /api/keys`` with a 3-credit key."""
    _, three = create_key("three credits", 3, settings=stack.server.settings)
    created = httpx.post(
        f"{stack.url}/api/keys", headers={"x-api-key": three}, json={"name": "minted"}, timeout=30
    )
    assert created.status_code == 200, created.text
    minted = created.json()["api_key"]
    assert created.json()["key"]["credits_limit"] == 3
    balances = [
        httpx.post(f"{stack.url}/v1/credits", headers={"x-api-key": k}, json={}, timeout=30).json()
        for k in (three, minted)
    ]
    assert balances[0] == balances[1]  # one balance, seen from both keys
    assert (balances[0]["limit"], balances[0]["is_unlimited"]) == (3, False)
    assert set(balances[0]) == {
        "used", "remaining", "limit", "is_unlimited", "resets_at", "enabled_features"
    }  # fmt: skip


def test_the_operator_grants_credits_from_the_command_line(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    env = {"PATH": "/usr/bin:/bin", "CASGATE_DATA_DIR": str(tmp_path)}

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "server.cli", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout

    key = cli("keys", "create", "--name", "acme", "--credits", "2").strip().splitlines()[-1]
    principal = authenticate(key, None, settings=settings)
    granted = json.loads(cli("credits", "grant", "--account", principal.account_id or "",
                             "--credits", "7.5"))  # fmt: skip
    assert (granted["account_id"], granted["limit"]) == (principal.account_id, 7.5)
    assert credits_info(principal, settings=settings).model_dump(mode="json")["limit"] == 7.5
