"""KFintech mail-back: the real form client against the fake form on loopback."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.accounts.credits import credits_info
from core.errors import BadRequest, Code
from core.retrieval.kfintech import generate_kfintech_cas
from core.settings import Settings
from tests.batch.conftest import Account
from tests.fetch.fake_kfintech import FakeKfintech

EMAIL = "investor@example.com"


async def test_a_request_is_submitted_and_charged(
    settings: Settings, account: Account, kfintech: FakeKfintech
) -> None:
    before = credits_info(account.principal, settings=settings).used
    answer = await generate_kfintech_cas(
        account.principal,
        EMAIL,
        "2025-04-01",
        "2026-03-31",
        "Secret#2026",
        "abcde1234f",
        settings=settings,
    )
    assert (answer.status, answer.msg) == ("success", "CAS request submitted. Check email shortly.")
    (sent,) = kfintech.requests
    assert sent["Email"] == EMAIL and sent["PAN"] == "ABCDE1234F"
    assert (sent["FromDate"], sent["ToDate"]) == ("01-Apr-2025", "31-Mar-2026")
    assert sent["Password"] == sent["ConfirmPassword"] == "Secret#2026"
    assert sent["StatementType"] == "Detailed"
    assert credits_info(account.principal, settings=settings).used == before + Decimal("0.5")


async def test_the_pan_is_optional(
    settings: Settings, account: Account, kfintech: FakeKfintech
) -> None:
    await generate_kfintech_cas(
        account.principal, EMAIL, "2025-04-01", "2025-04-30", "pw123456", settings=settings
    )
    assert kfintech.requests[0]["PAN"] == ""


async def test_kfintechs_refusal_is_told_and_costs_nothing(
    settings: Settings, account: Account, kfintech: FakeKfintech
) -> None:
    before = credits_info(account.principal, settings=settings).used
    with pytest.raises(BadRequest) as refused:
        await generate_kfintech_cas(
            account.principal,
            "nobody@example.com",
            "2025-04-01",
            "2025-04-30",
            "pw123456",
            settings=settings,
        )
    assert refused.value.code is Code.PORTAL_REJECTED
    assert "not registered" in refused.value.message
    assert kfintech.requests == []
    assert credits_info(account.principal, settings=settings).used == before


async def test_an_unreadable_captcha(
    settings: Settings, account: Account, kfintech: FakeKfintech
) -> None:
    kfintech.readable_captchas = False
    with pytest.raises(BadRequest) as refused:
        await generate_kfintech_cas(
            account.principal, EMAIL, "2025-04-01", "2025-04-30", "pw123456", settings=settings
        )
    assert refused.value.code is Code.CAPTCHA_FAILED


@pytest.mark.parametrize(
    ("email", "start", "end", "password", "pan", "code"),
    [
        ("not-an-email", "2025-04-01", "2025-04-30", "pw123456", "", Code.BAD_REQUEST),
        (EMAIL, "2025-04-31", "2025-05-30", "pw123456", "", Code.BAD_REQUEST),
        (EMAIL, "2025-05-01", "2025-04-30", "pw123456", "", Code.BAD_REQUEST),
        (EMAIL, "2025-04-01", "2999-04-30", "pw123456", "", Code.BAD_REQUEST),
        (EMAIL, "2025-04-01", "2025-04-30", "", "", Code.BAD_REQUEST),
        (EMAIL, "2025-04-01", "2025-04-30", "pw123456", "ABCDE12345", Code.INVALID_PAN),
    ],
)
async def test_bad_fields_are_refused_before_kfintech_is_asked(
    settings: Settings,
    account: Account,
    kfintech: FakeKfintech,
    email: str,
    start: str,
    end: str,
    password: str,
    pan: str,
    code: Code,
) -> None:
    with pytest.raises(BadRequest) as refused:
        await generate_kfintech_cas(
            account.principal, email, start, end, password, pan, settings=settings
        )
    assert refused.value.code is code
    assert kfintech.log == []
