from __future__ import annotations

import pytest
from sqlmodel import col

from core.accounts.auth import authenticate
from core.accounts.keys import create_key
from core.accounts.models import ApiKey, UsageLog
from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import SANDBOX_PRINCIPAL, Principal
from core.db import session_scope
from core.errors import NotFound
from core.settings import Settings


def _two_callers(settings: Settings) -> tuple[Principal, Principal]:
    _, mine = create_key("mine", 5, settings=settings)
    _, theirs = create_key("theirs", 5, settings=settings)
    return authenticate(mine, None, settings=settings), authenticate(
        theirs, None, settings=settings
    )


def test_own_rows_are_returned(settings: Settings) -> None:
    me, _ = _two_callers(settings)
    with session_scope(settings) as session:
        row = get_owned(session, ApiKey, me.key_id, me)
        assert row.id == me.key_id


def test_another_accounts_row_is_not_found_exactly_like_a_missing_one(settings: Settings) -> None:
    me, them = _two_callers(settings)
    with session_scope(settings) as session:
        with pytest.raises(NotFound) as foreign:
            get_owned(session, ApiKey, them.key_id, me, label="API key")
        with pytest.raises(NotFound) as missing:
            get_owned(session, ApiKey, "0" * 32, me, label="API key")
        with pytest.raises(NotFound):
            get_owned(session, ApiKey, None, me)
    assert foreign.value.message == missing.value.message == "API key not found"
    assert foreign.value.http_status == 404


def test_sandbox_owns_nothing(settings: Settings) -> None:
    me, _ = _two_callers(settings)
    with session_scope(settings) as session:
        with pytest.raises(NotFound):
            get_owned(session, ApiKey, me.key_id, SANDBOX_PRINCIPAL)
        assert session.exec(owned_select(ApiKey, SANDBOX_PRINCIPAL)).all() == []


def test_owned_select_lists_only_the_callers_rows(settings: Settings) -> None:
    me, them = _two_callers(settings)
    with session_scope(settings) as session:
        for who in (me, them, them):
            assert who.account_id
            session.add(
                UsageLog(
                    account_id=who.account_id, request_id="req_x", feature="batch", path="/",
                    status_code=200,
                )
            )  # fmt: skip
    with session_scope(settings) as session:
        mine = session.exec(owned_select(UsageLog, me).order_by(col(UsageLog.id))).all()
        theirs = session.exec(owned_select(UsageLog, them)).all()
    assert [row.account_id for row in mine] == [me.account_id]
    assert len(theirs) == 2
