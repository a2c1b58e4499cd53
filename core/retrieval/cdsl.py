"""CDSL fetch in two steps: ask the portal for an OTP, then verify it and take the statements.

Step one checks the PAN, BO ID and date of birth, logs in on the portal (captcha solved by the
configured solver) and keeps the portal session, sealed, as a fetch session of the caller's
account. Step two claims one OTP attempt of that session, submits the OTP, downloads the newest
``num_periods`` monthly statements and keeps them as history documents with signed download
links. The ``cdsl_otp_fetch`` credits are taken only when the statements are in (a wrong OTP, an
expired one, a portal outage or a portal that lists no statement costs nothing).
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from core.accounts.credits import spend_async
from core.accounts.principal import Principal
from core.errors import BadRequest, CasgateError, Code, Forbidden
from core.models.unified import UnifiedResponse
from core.retrieval import sessions
from core.retrieval.captcha import captcha_solver
from core.retrieval.cdsl_portal import CdslPortal, OtpRefused, PortalState
from core.retrieval.keep import IncomingFile, KeptFile, keep_statements
from core.retrieval.validation import check_bo_id, check_dob, check_otp, check_pan
from core.retrieval.views import CdslFetchStartedView, CdslFetchVerifiedView, FetchedFileView
from core.settings import Settings, get_settings

FEATURE = "cdsl_otp_fetch"
DEFAULT_PERIODS = 6
OTP_SENT = "OTP sent to registered mobile"
#: portal answers after which the session cannot go on
_ENDING = {Code.OTP_EXPIRED, Code.SESSION_EXPIRED}


class _NothingFetched(Exception):
    """The OTP was right but the portal listed no statement: the call's credits go back, and
    its usage row says 200 (a successful call that fetched nothing)."""

    http_status = 200


def _owner(principal: Principal) -> str:
    if principal.account_id is None:
        raise Forbidden("The sandbox key cannot fetch statements; use an API key or sign in.")
    return principal.account_id


async def start_cdsl_fetch(
    principal: Principal,
    pan: str,
    bo_id: str,
    dob: str,
    *,
    settings: Settings | None = None,
    today: date | None = None,
) -> CdslFetchStartedView:
    """Step one: the portal sends the OTP; the fetch session's id.

    ``INVALID_PAN``, ``INVALID_BO_ID``, ``BAD_REQUEST`` (date of birth), ``NO_CDSL_ACCOUNT``,
    ``CAPTCHA_FAILED`` (400), ``CAPTCHA_SOLVER_MISSING`` (501), ``PORTAL_UNAVAILABLE`` (503).
    """
    settings = settings or get_settings()
    account_id = _owner(principal)
    pan = check_pan(pan)
    bo_id = check_bo_id(bo_id)
    born = check_dob(dob, today or date.today())
    portal = CdslPortal(settings, captcha_solver(settings))
    state = await portal.request_otp(pan, bo_id, born)
    # the PAN opens the statements later; the date of birth is not kept
    kept = {"cookies": state.cookies, "form": state.form, "pan": pan}
    session_id = await asyncio.to_thread(sessions.create_session, settings, account_id, kept)
    return CdslFetchStartedView(status="success", session_id=session_id, msg=OTP_SENT)


async def verify_cdsl_fetch(
    principal: Principal,
    session_id: str,
    otp: str,
    num_periods: int = 0,
    *,
    parse: bool = False,
    request_id: str = "",
    path: str = "",
    settings: Settings | None = None,
) -> CdslFetchVerifiedView:
    """Step two: the statements of the last ``num_periods`` months (default 6), kept, with
    signed links; parsed too when ``parse``.

    ``NotFound`` for an unknown session or another account's, ``SESSION_EXPIRED`` (404) for an
    expired or used-up one; ``INVALID_OTP``, ``OTP_EXPIRED`` (400); ``Conflict`` while another
    verification of the session runs; ``INSUFFICIENT_CREDITS`` (402, checked before the OTP is
    spent).
    """
    settings = settings or get_settings()
    _owner(principal)
    otp = check_otp(otp)
    periods = num_periods or DEFAULT_PERIODS
    if not 1 <= periods <= settings.cdsl_max_periods:
        raise BadRequest(f"`num_periods` must be between 1 and {settings.cdsl_max_periods}.")
    portal = CdslPortal(settings, captcha_solver(settings))
    # reserved before the OTP is spent (a short balance is told first), given back on any failure
    # and when the portal had no statement to give (nothing fetched, nothing charged)
    try:
        async with spend_async(
            principal, FEATURE, request_id=request_id, path=path, settings=settings
        ):
            claim = await asyncio.to_thread(sessions.claim_attempt, settings, principal, session_id)
            kept = await _fetch(
                portal, principal, claim, otp, periods, parse, request_id, path, settings
            )
            if not kept:
                raise _NothingFetched
    except _NothingFetched:
        kept = []
    return CdslFetchVerifiedView(
        status="success",
        msg=f"Fetched {len(kept)} CAS file{'s' if len(kept) != 1 else ''}",
        files=[
            FetchedFileView(
                filename=file.filename,
                url=file.url,
                document_id=file.document_id,
                expires_in=file.expires_in,
                statement=UnifiedResponse.model_validate(file.statement)
                if file.statement
                else None,
            )
            for file in kept
        ],
    )


async def _fetch(
    portal: CdslPortal,
    principal: Principal,
    claim: sessions.Claim,
    otp: str,
    periods: int,
    parse: bool,
    request_id: str,
    path: str,
    settings: Settings,
) -> list[KeptFile]:
    """The OTP attempt of ``claim``: verified, downloaded and kept, or the session released."""
    try:
        session = PortalState(cookies=claim.state["cookies"], form=claim.state["form"])
        logged_in = await portal.verify_otp(session, otp)
        statements = await portal.download(logged_in, periods)
        files = [
            IncomingFile(filename=s.filename, data=s.data, password=claim.state["pan"])
            for s in statements
        ]
        kept = await keep_statements(
            principal,
            files,
            origin="cdsl-fetch",
            batch_key=claim.session_id,
            parse=parse,
            request_id=request_id,
            path=path,
            settings=settings,
        )
    except OtpRefused as refused:
        # the portal's form changed: the next attempt posts the new one
        next_state = {**claim.state, "cookies": refused.state.cookies, "form": refused.state.form}
        await _release(settings, claim, refused.error, next_state)
        raise refused.error from None
    except CasgateError as exc:
        await _release(settings, claim, exc, None)
        raise
    except BaseException:
        await asyncio.shield(asyncio.to_thread(sessions.release, settings, claim, ended=False))
        raise
    await asyncio.to_thread(sessions.finish, settings, claim)
    return kept


async def _release(
    settings: Settings, claim: sessions.Claim, error: CasgateError, state: dict[str, Any] | None
) -> None:
    """Give the session back after a failed attempt, ended when ``error`` ends it."""
    ended = error.code in _ENDING
    await asyncio.shield(
        asyncio.to_thread(sessions.release, settings, claim, ended=ended, state=state)
    )
