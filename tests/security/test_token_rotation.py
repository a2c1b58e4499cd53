"""Attack 4: access tokens outliving their key. A token dies with the key that minted it:
when the operator key is rotated, and when a key is revoked."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.accounts.auth import authenticate
from core.accounts.keys import create_key, revoke_key
from core.accounts.tokens import issue_access_token, verify_access_token
from core.errors import Unauthenticated
from core.settings import Settings
from tests.accounts.conftest import database_url  # noqa: F401 (fixture)


@pytest.fixture
def operator_settings(database_url: str, tmp_path: Path) -> Settings:  # noqa: F811
    return Settings(
        database_url=database_url, data_dir=tmp_path, bootstrap_api_key="operator-key-" + "a" * 20
    )


def test_a_token_of_the_operator_key_dies_when_the_key_is_rotated(
    operator_settings: Settings,
) -> None:
    operator = authenticate(operator_settings.bootstrap_api_key, None, settings=operator_settings)
    token = issue_access_token(operator, settings=operator_settings).access_token
    assert authenticate(token, None, settings=operator_settings).account_id == operator.account_id

    rotated = operator_settings.model_copy(update={"bootstrap_api_key": "operator-key-" + "b" * 20})
    fresh = authenticate(rotated.bootstrap_api_key, None, settings=rotated)
    assert fresh.key_id == operator.key_id  # the same row, re-keyed
    with pytest.raises(Unauthenticated, match="revoked"):
        authenticate(token, None, settings=rotated)
    assert verify_access_token(token, settings=rotated).valid is False
    # a token of the new key works
    new_token = issue_access_token(fresh, settings=rotated).access_token
    assert authenticate(new_token, None, settings=rotated).key_id == fresh.key_id


def test_a_token_dies_with_its_revoked_key(operator_settings: Settings) -> None:
    info, secret = create_key("short-lived", 1, settings=operator_settings)
    principal = authenticate(secret, None, settings=operator_settings)
    token = issue_access_token(principal, settings=operator_settings).access_token
    assert verify_access_token(token, settings=operator_settings).valid is True
    revoke_key(info.id, settings=operator_settings)
    with pytest.raises(Unauthenticated, match="revoked"):
        authenticate(None, token, settings=operator_settings)
