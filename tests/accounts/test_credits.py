from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from core.accounts.auth import authenticate
from core.accounts.clock import next_reset
from core.accounts.credits import (
    credits_info,
    refund_stale_reservations,
    reserve,
    reserve_dearest,
    settle_to,
    spend,
    spend_async,
)
from core.accounts.keys import create_key, revoke_key
from core.accounts.models import Account, UsageLog
from core.accounts.principal import Principal
from core.db import session_scope, utcnow
from core.errors import BadRequest, Forbidden, InsufficientCredits, Unauthenticated
from core.settings import Settings

PARSE = "cams_kfintech_cas_parser"  # costs 1.0
CONTRACT_NOTE = "contract_note_parser"  # costs 0.5


def _caller(settings: Settings, credits: float, **kwargs: object) -> Principal:
    _, plaintext = create_key("credits", credits, settings=settings, **kwargs)  # type: ignore[arg-type]
    return authenticate(plaintext, None, settings=settings)


def _usage_rows(settings: Settings, principal: Principal) -> list[UsageLog]:
    with session_scope(settings) as session:
        return list(
            session.exec(
                select(UsageLog)
                .where(UsageLog.key_id == principal.key_id)
                .order_by(col(UsageLog.id))
            ).all()
        )


def test_credits_info_shape(settings: Settings, principal: Principal) -> None:
    info = credits_info(principal, settings=settings).model_dump(mode="json")
    assert info == {
        "used": 0.0,
        "remaining": 10.0,
        "limit": 10.0,
        "is_unlimited": False,
        "resets_at": info["resets_at"],
        "enabled_features": list(settings.credit_costs),
    }
    resets_at = datetime.fromisoformat(info["resets_at"].replace("Z", "+00:00"))
    assert resets_at == next_reset(utcnow()) and resets_at.day == 1


def test_success_is_charged_and_logged(settings: Settings, principal: Principal) -> None:
    with spend(
        principal, CONTRACT_NOTE, request_id="req_abc123", path="/v4/contract_note/parse",
        settings=settings,
    ):  # fmt: skip
        pass
    assert (
        credits_info(principal, settings=settings).model_dump(mode="json")["used"]
        == settings.credit_costs[CONTRACT_NOTE]
    )
    [row] = _usage_rows(settings, principal)
    assert (row.request_id, row.feature, row.path, row.status_code, row.credits_milli) == (
        "req_abc123",
        CONTRACT_NOTE,
        "/v4/contract_note/parse",
        200,
        500,
    )
    assert row.account_id == principal.account_id


def test_failure_is_refunded_and_logged_with_its_status(
    settings: Settings, principal: Principal
) -> None:
    with pytest.raises(BadRequest), spend(principal, PARSE, settings=settings):
        raise BadRequest("Wrong PDF password")
    with pytest.raises(RuntimeError), spend(principal, PARSE, settings=settings):
        raise RuntimeError("bug")
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 0
    assert [(r.status_code, r.credits_milli) for r in _usage_rows(settings, principal)] == [
        (400, 0),
        (500, 0),
    ]


def test_charge_kept_on_error_when_asked(settings: Settings, principal: Principal) -> None:
    with (
        pytest.raises(BadRequest),
        spend(principal, "email_import", refund_on_error=False, settings=settings),
    ):
        raise BadRequest("no mails")
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 0.2


def test_fractional_costs_add_up_exactly(settings: Settings) -> None:
    principal = _caller(settings, 1)
    for _ in range(5):
        with spend(principal, "email_import", settings=settings):  # 0.2 each
            pass
    info = credits_info(principal, settings=settings).model_dump(mode="json")
    assert (info["used"], info["remaining"]) == (1.0, 0.0)
    with pytest.raises(InsufficientCredits), spend(principal, "email_import", settings=settings):
        pass


def test_insufficient_credits(settings: Settings) -> None:
    principal = _caller(settings, 1.5)
    with spend(principal, PARSE, settings=settings):
        pass
    ran = False
    with (
        pytest.raises(InsufficientCredits, match=r"0\.5 remain"),
        spend(principal, PARSE, settings=settings),
    ):
        ran = True
    assert not ran
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 1.0
    assert [r.status_code for r in _usage_rows(settings, principal)] == [200, 402]
    with spend(principal, CONTRACT_NOTE, settings=settings):  # 0.5 still fits
        pass
    assert credits_info(principal, settings=settings).model_dump(mode="json")["remaining"] == 0


def test_unlimited_key(settings: Settings) -> None:
    principal = _caller(settings, 0, unlimited=True)
    for _ in range(3):
        with spend(principal, PARSE, settings=settings):
            pass
    info = credits_info(principal, settings=settings).model_dump(mode="json")
    assert info["is_unlimited"] is True and info["used"] == 3.0


def test_disabled_feature_is_forbidden(settings: Settings) -> None:
    principal = _caller(settings, 5, features=["cdsl_cas_parser"])
    with spend(principal, "cdsl_cas_parser", settings=settings):
        pass
    with pytest.raises(Forbidden, match=PARSE), spend(principal, PARSE, settings=settings):
        pass
    assert credits_info(principal, settings=settings).model_dump(mode="json")[
        "enabled_features"
    ] == ["cdsl_cas_parser"]


def test_unknown_feature_is_a_programming_error(settings: Settings, principal: Principal) -> None:
    with pytest.raises(ValueError), spend(principal, "nope", settings=settings):
        pass


def test_revoked_key_cannot_spend(settings: Settings, principal: Principal) -> None:
    assert principal.key_id
    revoke_key(principal.key_id, settings=settings)
    with pytest.raises(Unauthenticated), spend(principal, PARSE, settings=settings):
        pass


def test_monthly_reset(settings: Settings, principal: Principal) -> None:
    for _ in range(10):
        with spend(principal, PARSE, settings=settings):
            pass
    with pytest.raises(InsufficientCredits), spend(principal, PARSE, settings=settings):
        pass
    # the billing period ends
    with session_scope(settings) as session:
        session.execute(
            update(Account)
            .where(col(Account.id) == principal.account_id)
            .values(resets_at=utcnow() - timedelta(seconds=1))
        )
    with spend(principal, PARSE, settings=settings):
        pass
    info = credits_info(principal, settings=settings).model_dump(mode="json")
    assert info["used"] == 1.0 and info["resets_at"] == next_reset(utcnow()).isoformat().replace(
        "+00:00", "Z"
    )


def test_refund_never_goes_into_the_next_period(settings: Settings, principal: Principal) -> None:
    with pytest.raises(BadRequest), spend(principal, PARSE, settings=settings):
        with session_scope(settings) as session:  # the period rolls over mid-call
            session.execute(
                update(Account)
                .where(col(Account.id) == principal.account_id)
                .values(used_milli=0, resets_at=datetime(2099, 1, 1, tzinfo=UTC))
            )
        raise BadRequest("failed")
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 0


def test_stale_reservations_are_refunded(settings: Settings, principal: Principal) -> None:
    charge = reserve(principal, PARSE, settings=settings)  # the process dies here
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 1.0
    assert refund_stale_reservations(timedelta(hours=1), settings=settings) == 0  # too recent
    refunded = refund_stale_reservations(timedelta(seconds=-1), settings=settings)
    assert refunded >= 1
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 0
    [row] = _usage_rows(settings, principal)
    assert row.id == charge.usage_id and (row.status_code, row.credits_milli) == (500, 0)


def test_a_user_spends_the_accounts_credits(settings: Settings, principal: Principal) -> None:
    user = Principal(kind="user", account_id=principal.account_id, user_id="u" * 32)
    with spend(user, PARSE, path="/api/single/process", settings=settings) as charge:
        pass
    assert charge.charged
    assert credits_info(user, settings=settings).model_dump(mode="json")["used"] == 1.0
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 1.0


async def test_spend_async(settings: Settings, principal: Principal) -> None:
    async with spend_async(principal, PARSE, settings=settings):
        await asyncio.sleep(0)
    with pytest.raises(BadRequest):
        async with spend_async(principal, PARSE, settings=settings):
            raise BadRequest("bad pdf")
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 1.0


async def test_cancelled_call_is_refunded(settings: Settings, principal: Principal) -> None:
    started = asyncio.Event()

    async def call() -> None:
        async with spend_async(principal, PARSE, settings=settings):
            started.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(call())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 0
    assert [r.status_code for r in _usage_rows(settings, principal)] == [499]


def test_200_concurrent_calls_against_50_credits(settings: Settings) -> None:
    principal = _caller(settings, 50)
    start = threading.Barrier(200)

    def call(_: int) -> str:
        start.wait()
        try:
            with spend(principal, PARSE, settings=settings):
                return "ok"
        except InsufficientCredits:
            return "402"

    with ThreadPoolExecutor(max_workers=200) as pool:
        outcomes = list(pool.map(call, range(200)))

    assert outcomes.count("ok") == 50 and outcomes.count("402") == 150
    info = credits_info(principal, settings=settings).model_dump(mode="json")
    assert (info["used"], info["remaining"]) == (50.0, 0.0)
    rows = _usage_rows(settings, principal)
    assert sorted((r.status_code, r.credits_milli) for r in rows) == sorted(
        [(200, 1000)] * 50 + [(402, 0)] * 150
    )


def test_a_smart_parse_reserves_the_dearest_enabled_feature_and_settles_to_the_one_found(
    settings: Settings,
) -> None:
    features = ["cdsl_cas_parser", CONTRACT_NOTE]
    principal = _caller(settings, 5, features=features)
    everything = list(settings.credit_costs)
    charge = reserve_dearest(principal, everything, settings=settings)
    assert charge.feature in features  # never a feature the key lacks
    reserved = credits_info(principal, settings=settings).model_dump(mode="json")["used"]
    assert reserved == settings.credit_costs[charge.feature]
    settle_to(charge, CONTRACT_NOTE, settings=settings)
    info = credits_info(principal, settings=settings).model_dump(mode="json")
    assert info["used"] == settings.credit_costs[CONTRACT_NOTE]
    assert [(r.feature, r.status_code) for r in _usage_rows(settings, principal)] == [
        (CONTRACT_NOTE, 200)
    ]


def test_a_smart_parse_of_a_kind_the_key_lacks_gives_everything_back(settings: Settings) -> None:
    principal = _caller(settings, 5, features=["cdsl_cas_parser"])
    charge = reserve_dearest(principal, list(settings.credit_costs), settings=settings)
    with pytest.raises(Forbidden, match=PARSE):
        settle_to(charge, PARSE, settings=settings)
    assert credits_info(principal, settings=settings).model_dump(mode="json")["used"] == 0
    assert [r.status_code for r in _usage_rows(settings, principal)] == [403]
