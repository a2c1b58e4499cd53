"""CDSL fetch, end to end in core: the real portal client against the fake portal on loopback,
the real OCR captcha solver, sessions in each database backend, credits, history, links."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from core import downloads, history
from core.accounts.credits import credits_info
from core.accounts.models import UsageLog
from core.db import session_scope, table, utcnow
from core.errors import BadRequest, Code, Conflict, NotFound, NotImplementedYet, SessionExpired
from core.retrieval.cdsl import start_cdsl_fetch, verify_cdsl_fetch
from core.retrieval.models import CdslFetchSession
from core.settings import Settings
from tests.batch.conftest import Account
from tests.fetch.conftest import BO_ID, DOB, PERIODS
from tests.fetch.fake_cdsl import FakeCdsl


def _otp(cdsl: FakeCdsl) -> str:
    return cdsl.sms["9876501234"][-1]


async def _start(account: Account, pan: str, settings: Settings) -> str:
    started = await start_cdsl_fetch(account.principal, pan, BO_ID, DOB, settings=settings)
    assert (started.status, started.msg) == ("success", "OTP sent to registered mobile")
    return started.session_id


async def test_two_steps_fetch_the_newest_statements_with_working_links(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    before = credits_info(account.principal, settings=settings).used
    session_id = await _start(account, pan, settings)
    # the portal got the date of birth in its own format, and a solved captcha
    login = [form for path, form in cdsl.posts if path == "/CAS/Login.aspx"][-1]
    assert login["txtDOB"] == "15/08/1985" and login["txtPAN"] == pan
    assert credits_info(account.principal, settings=settings).used == before  # not yet

    done = await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), 2, settings=settings)
    assert done.status == "success" and done.msg == "Fetched 2 CAS files"
    assert [f.filename for f in done.files] == [f"CDSL_CAS_{p}.pdf" for p in PERIODS[:2]]
    for file, period in zip(done.files, PERIODS, strict=False):
        assert file.url.startswith("https://casgate.example/v4/files?token=")
        token = parse_qs(urlsplit(file.url).query)["token"][0]
        got = await downloads.read_download(token, settings=settings)
        assert got.data == cdsl.investors[0].statements[period]
        # and each is a history document of the caller's
        document = await history.get_document(
            account.principal, file.document_id or "", settings=settings
        )
        assert document.document_type == "CDSL" and document.filename == file.filename
        assert file.statement is None
    assert credits_info(account.principal, settings=settings).used == before + Decimal("0.5")


async def test_parse_in_the_same_call(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    session_id = await _start(account, pan, settings)
    done = await verify_cdsl_fetch(
        account.principal, session_id, _otp(cdsl), 1, parse=True, settings=settings
    )
    (file,) = done.files
    assert file.statement is not None and file.statement.investor is not None
    assert file.statement.investor.pan == pan
    assert file.statement.meta is not None and file.statement.meta.cas_type == "CDSL"


async def test_default_is_six_periods_or_all_there_are(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    session_id = await _start(account, pan, settings)
    done = await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), settings=settings)
    assert len(done.files) == len(PERIODS)


async def test_a_fetch_that_finds_no_statement_costs_nothing(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    cdsl.investors[0].statements = {}  # the portal lists no statement for this account
    before = credits_info(account.principal, settings=settings).used
    session_id = await _start(account, pan, settings)
    done = await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), 3, settings=settings)
    assert (done.status, done.msg, done.files) == ("success", "Fetched 0 CAS files", [])
    assert credits_info(account.principal, settings=settings).used == before
    # the call is on the usage log as a success that took no credits
    with session_scope(settings) as session:
        usage = session.exec(
            select(UsageLog)
            .where(col(UsageLog.feature) == "cdsl_otp_fetch")
            .order_by(col(UsageLog.id).desc())
        ).first()
    assert usage is not None and (usage.status_code, usage.credits_milli) == (200, 0)
    # the session is finished: the OTP cannot be spent again
    with pytest.raises((NotFound, BadRequest)):
        await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), 3, settings=settings)


def _wrong(cdsl: FakeCdsl) -> str:
    return "000000" if _otp(cdsl) != "000000" else "111111"


async def test_wrong_otps_cost_nothing_and_the_third_ends_the_session(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    before = credits_info(account.principal, settings=settings).used
    session_id = await _start(account, pan, settings)
    for _ in range(2):
        with pytest.raises(BadRequest) as refused:
            await verify_cdsl_fetch(account.principal, session_id, _wrong(cdsl), settings=settings)
        assert refused.value.code is Code.INVALID_OTP
        assert refused.value.message == "The OTP is not correct."
    # the portal ends its session at the third wrong OTP, and so does casgate
    for otp in (_wrong(cdsl), _otp(cdsl)):
        with pytest.raises(SessionExpired) as ended:
            await verify_cdsl_fetch(account.principal, session_id, otp, settings=settings)
        assert ended.value.code is Code.SESSION_EXPIRED
    assert credits_info(account.principal, settings=settings).used == before


async def test_casgates_own_attempt_limit_holds_whatever_the_portal_allows(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    cdsl.otp_attempts = 10
    session_id = await _start(account, pan, settings)
    for _ in range(settings.cdsl_max_otp_attempts):
        with pytest.raises(BadRequest) as refused:
            await verify_cdsl_fetch(account.principal, session_id, _wrong(cdsl), settings=settings)
        assert refused.value.code is Code.INVALID_OTP
    posts = len(cdsl.posts)
    with pytest.raises(SessionExpired) as ended:
        await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), settings=settings)
    assert ended.value.code is Code.SESSION_EXPIRED
    assert len(cdsl.posts) == posts  # refused here, the portal was not asked


async def test_a_right_otp_after_a_wrong_one_works(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    session_id = await _start(account, pan, settings)
    with pytest.raises(BadRequest):
        await verify_cdsl_fetch(
            account.principal,
            session_id,
            "999999" if _otp(cdsl) != "999999" else "888888",
            settings=settings,
        )
    done = await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), 1, settings=settings)
    assert len(done.files) == 1
    # a finished session cannot be used again
    with pytest.raises(SessionExpired) as again:
        await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), 1, settings=settings)
    assert again.value.code is Code.SESSION_EXPIRED


async def test_the_portals_otp_expiry(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    session_id = await _start(account, pan, settings)
    cdsl.clock_offset = 301  # the OTP lives five minutes at the portal
    with pytest.raises(BadRequest) as expired:
        await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), settings=settings)
    assert expired.value.code is Code.OTP_EXPIRED
    with pytest.raises(SessionExpired) as ended:
        await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), settings=settings)
    assert ended.value.code is Code.SESSION_EXPIRED


async def test_an_expired_session_is_refused_before_the_portal_is_asked(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    session_id = await _start(account, pan, settings)
    with session_scope(settings) as db:
        db.connection().execute(
            update(table(CdslFetchSession))
            .where(col(CdslFetchSession.id) == session_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    posts = len(cdsl.posts)
    with pytest.raises(SessionExpired) as expired:
        await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), settings=settings)
    assert expired.value.code is Code.SESSION_EXPIRED
    assert len(cdsl.posts) == posts


async def test_another_accounts_session_is_not_found(
    settings: Settings, account: Account, other: Account, cdsl: FakeCdsl, pan: str
) -> None:
    session_id = await _start(account, pan, settings)
    for session in (session_id, "0" * 32, ""):
        with pytest.raises(NotFound):
            await verify_cdsl_fetch(other.principal, session, _otp(cdsl), settings=settings)
    # the owner's session is untouched by those tries
    done = await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), 1, settings=settings)
    assert len(done.files) == 1


@pytest.mark.parametrize(
    ("given_pan", "bo_id", "dob", "code"),
    [
        ("ABCDE12345", BO_ID, DOB, Code.INVALID_PAN),
        ("abcd1234f", BO_ID, DOB, Code.INVALID_PAN),
        (None, "12150148692003", DOB, Code.INVALID_BO_ID),
        (None, "IN30329124935785", DOB, Code.INVALID_BO_ID),
        (None, BO_ID, "15/08/1985", Code.BAD_REQUEST),
        (None, BO_ID, "2999-01-01", Code.BAD_REQUEST),
    ],
)
async def test_bad_details_are_refused_before_the_portal_is_asked(
    settings: Settings,
    account: Account,
    cdsl: FakeCdsl,
    pan: str,
    given_pan: str | None,
    bo_id: str,
    dob: str,
    code: Code,
) -> None:
    given = given_pan or pan
    with pytest.raises(BadRequest) as refused:
        await start_cdsl_fetch(account.principal, given, bo_id, dob, settings=settings)
    assert refused.value.code is code
    assert cdsl.log == []


async def test_no_cdsl_account(settings: Settings, account: Account, cdsl: FakeCdsl) -> None:
    with pytest.raises(BadRequest) as refused:
        await start_cdsl_fetch(account.principal, "ZZZZZ9999Z", BO_ID, DOB, settings=settings)
    assert refused.value.code is Code.NO_CDSL_ACCOUNT
    assert (
        refused.value.message == "CDSL has no demat account for this PAN, BO ID and date of birth."
    )


async def test_an_unreadable_captcha_fails_after_the_configured_attempts(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    cdsl.readable_captchas = False
    with pytest.raises(BadRequest) as refused:
        await start_cdsl_fetch(account.principal, pan, BO_ID, DOB, settings=settings)
    assert refused.value.code is Code.CAPTCHA_FAILED
    assert (
        len([p for p, _ in cdsl.posts if p == "/CAS/Login.aspx"])
        == settings.portal_captcha_attempts
    )


async def test_without_a_solver_the_error_names_the_setting(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    unconfigured = settings.model_copy(update={"captcha_solver": ""})
    with pytest.raises(NotImplementedYet) as refused:
        await start_cdsl_fetch(account.principal, pan, BO_ID, DOB, settings=unconfigured)
    assert refused.value.code is Code.CAPTCHA_SOLVER_MISSING
    assert "CASGATE_CAPTCHA_SOLVER" in refused.value.message
    assert cdsl.log == []


async def test_slow_and_failing_answers_are_retried_a_bounded_number_of_times(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    cdsl.slow = 1  # the first page answers after the client's timeout: tried again
    cdsl.failing = 0
    session_id = await _start(account, pan, settings)
    assert session_id
    cdsl.failing = 1  # a 503 on the login page: tried again
    assert await _start(account, pan, settings)
    cdsl.failing = 1 + settings.portal_max_retries  # more than the retries: the portal is down
    with pytest.raises(Exception) as down:
        await start_cdsl_fetch(account.principal, pan, BO_ID, DOB, settings=settings)
    assert getattr(down.value, "code", None) is Code.PORTAL_UNAVAILABLE


async def test_secrets_are_sealed_at_rest_and_never_logged(
    settings: Settings,
    account: Account,
    cdsl: FakeCdsl,
    pan: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    session_id = await _start(account, pan, settings)
    with session_scope(settings) as db:
        row = db.exec(select(CdslFetchSession).where(CdslFetchSession.id == session_id)).one()
    cookie = next(iter(cdsl.sessions))
    assert row.sealed_state and pan not in row.sealed_state and cookie not in row.sealed_state
    await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), 1, settings=settings)
    with session_scope(settings) as db:
        assert db.get(CdslFetchSession, session_id).sealed_state == ""  # type: ignore[union-attr]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (pan, "15/08/1985", DOB, _otp(cdsl)):
        assert secret not in logged


async def test_concurrent_verifications_of_one_session_meet_a_conflict(
    settings: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    import asyncio

    session_id = await _start(account, pan, settings)
    cdsl.slow = 1  # the first verification's OTP post waits at the portal
    cdsl.slow_seconds = 0.5
    first = asyncio.create_task(
        verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), 1, settings=settings)
    )
    while len([p for p in cdsl.log if p == ("POST", "/CAS/OTP.aspx")]) == 0:
        await asyncio.sleep(0.01)
    with pytest.raises(Conflict):
        await verify_cdsl_fetch(account.principal, session_id, _otp(cdsl), 1, settings=settings)
    assert len((await first).files) == 1
