from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from core.accounts.auth import authenticate
from core.accounts.grants import grant_credits
from core.accounts.keys import create_key, get_key, list_keys, mask_key, revoke_key, update_key
from core.accounts.views import ApiKeyView
from core.db import get_engine
from core.errors import BadRequest, NotFound, Unauthenticated
from core.settings import Settings


def test_create_key_returns_the_plaintext_once_and_a_masked_record(settings: Settings) -> None:
    info, plaintext = create_key("ci", 25, settings=settings)

    assert plaintext.startswith("cg_") and len(plaintext) == 47
    assert info.masked_key == f"{plaintext[:4]}****{plaintext[-4:]}"
    assert info.credits_limit == 25 and info.credits_used == 0 and not info.unlimited
    assert set(info.features) == set(settings.credit_costs)
    assert info.revoked_at is None
    listed = list_keys(info.account_id, settings=settings)
    assert [k.id for k in listed] == [info.id]
    assert plaintext not in repr(listed) and plaintext not in ApiKeyView.of(info).model_dump_json()


def test_keys_are_unique(settings: Settings) -> None:
    keys = {create_key("k", 1, settings=settings)[1] for _ in range(20)}
    assert len(keys) == 20


def test_mask_key_shows_first_and_last_four() -> None:
    assert mask_key("abc1XXXXXXXXXXXXef23") == "abc1****ef23"


def test_plaintext_is_never_stored(settings: Settings) -> None:
    info, plaintext = create_key("at rest", 5, settings=settings)
    secret_part = plaintext[15:]

    with get_engine(settings).connect() as conn:
        rows = conn.execute(text("SELECT * FROM api_key WHERE id = :id"), {"id": info.id}).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert rows and plaintext not in stored and secret_part not in stored

    url = make_url(settings.resolved_database_url())
    if url.get_backend_name() == "sqlite":
        # every byte SQLite wrote: the database file, its write-ahead log and shared memory
        assert url.database
        for path in Path(url.database).parent.glob(Path(url.database).name + "*"):
            assert secret_part.encode() not in path.read_bytes(), path


def test_revoked_key_stops_authenticating(settings: Settings) -> None:
    info, plaintext = create_key("to revoke", 5, settings=settings)
    assert authenticate(plaintext, None, settings=settings).key_id == info.id

    revoked = revoke_key(info.id, settings=settings)
    assert revoked.revoked_at is not None
    assert revoke_key(info.id, settings=settings).revoked_at == revoked.revoked_at  # idempotent
    with pytest.raises(Unauthenticated, match="revoked"):
        authenticate(plaintext, None, settings=settings)
    assert list_keys(info.account_id, settings=settings) == []
    assert [k.id for k in list_keys(info.account_id, include_revoked=True, settings=settings)] == [
        info.id
    ]


def test_another_accounts_key_is_not_found(settings: Settings) -> None:
    mine, _ = create_key("mine", 1, settings=settings)
    theirs, their_plaintext = create_key("theirs", 1, settings=settings)

    with pytest.raises(NotFound):
        revoke_key(theirs.id, account_id=mine.account_id, settings=settings)
    with pytest.raises(NotFound):
        get_key(theirs.id, account_id=mine.account_id, settings=settings)
    assert authenticate(their_plaintext, None, settings=settings).key_id == theirs.id


def test_second_key_in_the_same_account(settings: Settings) -> None:
    first, _ = create_key("first", 1, settings=settings)
    second, _ = create_key("second", account_id=first.account_id, settings=settings)
    assert second.account_id == first.account_id
    assert second.credits_limit == first.credits_limit == 1  # one balance, shared
    with pytest.raises(BadRequest, match="grant"):  # a key in an account brings no credits
        create_key("more", 2, account_id=first.account_id, settings=settings)
    assert {k.id for k in list_keys(first.account_id, settings=settings)} == {first.id, second.id}
    with pytest.raises(NotFound):
        create_key("orphan", account_id="0" * 32, settings=settings)


@pytest.mark.parametrize(
    ("name", "credits", "features"),
    [("", 1, None), ("x" * 201, 1, None), ("ok", -1, None), ("ok", float("nan"), None),
     ("ok", 1, ["no_such_feature"])],
)  # fmt: skip
def test_create_key_validation(
    settings: Settings, name: str, credits: float, features: list[str] | None
) -> None:
    with pytest.raises(BadRequest):
        create_key(name, credits, features=features, settings=settings)


def test_operator_grants_credits_and_sets_features(settings: Settings) -> None:
    info, _ = create_key("upd", 1, settings=settings)
    grant_credits(info.account_id, 7.5, unlimited=True, settings=settings)
    updated = update_key(info.id, features=["cdsl_cas_parser"], settings=settings)
    assert (updated.credits_limit, updated.unlimited, updated.features) == (
        7.5,
        True,
        ["cdsl_cas_parser"],
    )
