"""CDSL fetch sessions: created by the first step, claimed once per OTP attempt by the second,
owned by one account (another account's session id is ``NotFound``). In the database by
default; in Redis when ``CASGATE_REDIS_URL`` is set (:mod:`core.retrieval.redis_sessions`).

A verification claims the session with one conditional ``UPDATE`` (status ``otp_sent`` →
``verifying``, one more attempt, not expired, attempts left), so two verifications of one
session never reach the portal together and the attempt limit holds under concurrency. Blocking
functions: call them from worker threads in async code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, delete, update
from sqlmodel import col

from core.accounts.ownership import get_owned
from core.accounts.principal import Principal
from core.db import session_scope, table, utcnow
from core.errors import Conflict, NotFound, SessionExpired
from core.retrieval import redis_sessions
from core.retrieval.models import CdslFetchSession, FetchStatus
from core.retrieval.sealing import seal_state, unseal_state
from core.settings import Settings

#: ended sessions are kept this long (a late verify still hears "expired", not "not found")
KEEP_ENDED = timedelta(days=1)
_LABEL = "CDSL fetch session"


@dataclass(frozen=True)
class Claim:
    """A verification's hold on its session."""

    session_id: str
    attempt: int
    state: dict[str, Any]


def create_session(
    settings: Settings, account_id: str, state: dict[str, Any], *, now: datetime | None = None
) -> str:
    """A new session holding ``state`` (sealed), alive ``settings.cdsl_otp_ttl_seconds``; its id.
    Sessions that ended a day ago are cleared on the way."""
    now = now or utcnow()
    session = CdslFetchSession(
        account_id=account_id, expires_at=now + timedelta(seconds=settings.cdsl_otp_ttl_seconds)
    )
    if settings.redis_url:
        redis_sessions.create(settings, session.id, account_id, state)
        return session.id
    session.sealed_state = seal_state(state, settings, session_id=session.id)
    with session_scope(settings) as db:
        db.connection().execute(
            delete(table(CdslFetchSession)).where(
                col(CdslFetchSession.expires_at) < now - KEEP_ENDED
            )
        )
        db.add(session)
    return session.id


def claim_attempt(
    settings: Settings, principal: Principal, session_id: str, *, now: datetime | None = None
) -> Claim:
    """Take one OTP attempt of the caller's session ``session_id``.

    ``NotFound`` for an unknown session or another account's; ``SESSION_EXPIRED`` when it has
    expired, ended, or used up its ``settings.cdsl_max_otp_attempts``; ``Conflict`` while another
    verification of it runs.
    """
    now = now or utcnow()
    if settings.redis_url:
        if principal.account_id is None:
            raise NotFound(f"{_LABEL} not found")
        attempt, state = redis_sessions.claim(
            settings, principal.account_id, session_id, now.timestamp()
        )
        return Claim(session_id, attempt, state)
    with session_scope(settings) as db:
        row = get_owned(db, CdslFetchSession, session_id, principal, label=_LABEL)
        if row.status in (FetchStatus.DONE, FetchStatus.FAILED) or row.expires_at <= now:
            raise SessionExpired()
        if row.status == FetchStatus.VERIFYING:
            raise Conflict(
                "This CDSL fetch session is being verified already; wait for its answer."
            )
        if row.attempts >= settings.cdsl_max_otp_attempts:
            raise SessionExpired()
        result: CursorResult[Any] = db.connection().execute(
            update(table(CdslFetchSession))
            .where(
                col(CdslFetchSession.id) == session_id,
                col(CdslFetchSession.status) == FetchStatus.OTP_SENT.value,
                col(CdslFetchSession.attempts) < settings.cdsl_max_otp_attempts,
                col(CdslFetchSession.expires_at) > now,
            )
            .values(status=FetchStatus.VERIFYING.value, attempts=col(CdslFetchSession.attempts) + 1)
        )
        if result.rowcount != 1:  # another verification claimed it between the read and here
            raise Conflict(
                "This CDSL fetch session is being verified already; wait for its answer."
            )
        sealed = row.sealed_state
        attempt = row.attempts + 1
    return Claim(session_id, attempt, unseal_state(sealed, settings, session_id=session_id))


def release(
    settings: Settings, claim: Claim, *, ended: bool, state: dict[str, Any] | None = None
) -> None:
    """Give the session back after an attempt: ended (``failed``, secrets wiped) or open for the
    next attempt (``failed`` instead when no attempts are left), holding ``state`` from now on
    when given."""
    if ended or claim.attempt >= settings.cdsl_max_otp_attempts:
        status = FetchStatus.FAILED
    else:
        status = FetchStatus.OTP_SENT
    values: dict[str, Any] = {"status": status.value}
    if status is FetchStatus.FAILED:
        values["sealed_state"] = ""
    elif state is not None:
        values["sealed_state"] = seal_state(state, settings, session_id=claim.session_id)
    _set(settings, claim.session_id, values)


def finish(settings: Settings, claim: Claim) -> None:
    """The session fetched its statements: done, secrets wiped."""
    _set(settings, claim.session_id, {"status": FetchStatus.DONE.value, "sealed_state": ""})


def _set(settings: Settings, session_id: str, values: dict[str, Any]) -> None:
    if settings.redis_url:
        fields = {"state" if k == "sealed_state" else k: str(v) for k, v in values.items()}
        redis_sessions.update(settings, session_id, fields)
        return
    with session_scope(settings) as db:
        db.connection().execute(
            update(table(CdslFetchSession))
            .where(col(CdslFetchSession.id) == session_id)
            .values(**values)
        )
