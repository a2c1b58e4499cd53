"""Mailbox import: connect (OAuth consent with PKCE, or IMAP), the provider's callback, status,
listing the statements found (kept, linked, optionally parsed) and disconnecting.

The caller keeps an opaque ``inbox_token``; the server keeps its SHA-256 and the provider's
refresh token (or the IMAP app password) sealed. A connection belongs to the account that made
it: another account's token is a 404, like any other resource.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import col, select

from core.accounts.credits import spend_async
from core.accounts.principal import Principal
from core.db import session_scope, utcnow
from core.errors import BadRequest, Forbidden, NotFound, ServiceUnavailable, Unauthenticated
from core.settings import Settings, get_settings

from . import files, imap, oauth
from .gmail import Gmail
from .graph import Graph
from .http import ReconnectRequired, client
from .messages import FoundAttachment
from .models import InboxConnection, InboxConsent
from .redirects import check_redirect, with_query
from .sealing import seal, unseal
from .senders import SENDERS, cas_type_of, check_cas_types
from .views import (
    ConnectInboxView,
    InboxDisconnectedView,
    InboxRedirectView,
    InboxStatusView,
    MailFilesView,
)

TOKEN_PREFIX = "ibx_"
PROVIDERS = ("gmail", "outlook", "imap")
_NOT_FOUND = "Inbox connection not found"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _owner(principal: Principal) -> str:
    if principal.account_id is None:
        raise Forbidden("The sandbox key cannot connect a mailbox; use an API key or sign in")
    return principal.account_id


def callback_url(settings: Settings) -> str:
    """The URL registered with the providers, where they send the browser back."""
    if settings.inbox_callback_url:
        return settings.inbox_callback_url
    from core.downloads import public_base

    return f"{public_base(settings)}/v4/inbox/callback"


@dataclass(frozen=True)
class ImapFields:
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = ""


def _new_connection(
    settings: Settings, account_id: str, provider: str, email: str, secret: str, box: ImapFields
) -> str:
    """A stored connection; returns its new ``inbox_token``."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = InboxConnection(
        account_id=account_id,
        token_hash=_hash(token),
        provider=provider,
        email=email[:320],
        secret_enc="",
        imap_host=box.host,
        imap_port=box.port,
        imap_user=box.user,
    )
    row.secret_enc = seal(secret, settings, context=row.id)
    with session_scope(settings) as session:
        session.add(row)
    return token


async def connect(
    principal: Principal,
    provider: str,
    redirect_uri: str,
    state: str,
    box: ImapFields | None = None,
    *,
    settings: Settings | None = None,
) -> ConnectInboxView:
    """A consent URL (gmail, outlook), or an IMAP mailbox connected at once (its token)."""
    settings = settings or get_settings()
    account_id = _owner(principal)
    provider = (provider or "gmail").strip().lower()
    if provider not in PROVIDERS:
        raise BadRequest(f"provider must be one of {', '.join(PROVIDERS)}, not {provider!r}.")
    if provider == "imap":
        box = box or ImapFields()
        box = ImapFields(box.host.strip(), box.port or 993, box.user.strip(), box.password)
        if not box.user or not box.password:
            raise BadRequest("imap needs user and password (an app password).")
        await imap.check_login(
            imap.ImapAccount(box.host, box.port, box.user, box.password), settings
        )
        token = await asyncio.to_thread(
            _new_connection, settings, account_id, "imap", box.user, box.password, box
        )
        return ConnectInboxView(
            oauth_url="", expires_in=0, provider="imap", inbox_token=token, email=box.user
        )
    if not redirect_uri:
        raise BadRequest("redirect_uri is required.")
    check_redirect(redirect_uri, settings)
    if len(state) > 1024:
        raise BadRequest("state is longer than 1024 characters.")
    found = oauth.provider(provider, settings)
    ours, verifier = secrets.token_urlsafe(32), oauth.new_verifier()
    consent = InboxConsent(
        id=_hash(ours),
        account_id=account_id,
        provider=provider,
        redirect_uri=redirect_uri,
        client_state=state,
        verifier_enc="",
        expires_at=utcnow() + timedelta(seconds=settings.inbox_consent_seconds),
    )
    consent.verifier_enc = seal(verifier, settings, context=consent.id)
    await asyncio.to_thread(_add, settings, consent)
    return ConnectInboxView(
        oauth_url=oauth.consent_url(
            found, state=ours, verifier=verifier, callback=callback_url(settings)
        ),
        expires_in=settings.inbox_consent_seconds,
        provider=provider,
    )


def _add(settings: Settings, row: InboxConsent) -> None:
    with session_scope(settings) as session:
        session.add(row)


def _take_consent(settings: Settings, state: str) -> InboxConsent:
    """The consent ``state`` names, deleted (a consent completes once); ``BadRequest`` when it is
    unknown, used or expired (there is then no trusted place to redirect to)."""
    with session_scope(settings) as session:
        consent = session.get(InboxConsent, _hash(state)) if state else None
        if consent is not None:
            session.delete(consent)
    if consent is None or consent.expires_at <= utcnow():
        raise BadRequest("This inbox consent is unknown, already used or expired; connect again.")
    return consent


async def complete(
    code: str, state: str, error: str, *, settings: Settings | None = None
) -> InboxRedirectView:
    """The provider's redirect: exchange ``code``, keep the connection, and say where to send the
    browser: the caller's redirect_uri with ``inbox_token``, ``email`` and ``state``, or with
    ``error`` and ``state``."""
    settings = settings or get_settings()
    consent = await asyncio.to_thread(_take_consent, settings, state)

    def back(values: dict[str, str], status: str) -> InboxRedirectView:
        values = {**values, "state": consent.client_state}
        return InboxRedirectView(status=status, location=with_query(consent.redirect_uri, values))

    if error or not code:
        return back({"error": (error or "missing_code")[:100]}, "failed")
    found = oauth.provider(consent.provider, settings)
    verifier = unseal(consent.verifier_enc, settings, context=consent.id)
    try:
        tokens = await oauth.exchange_code(
            found, settings, code=code, verifier=verifier, callback=callback_url(settings)
        )
        if consent.provider == "gmail":
            async with client(settings) as http:
                email = await Gmail(http, settings, tokens.access_token).address()
        else:
            claim = tokens.id_claims.get("email") or tokens.id_claims.get("preferred_username")
            email = str(claim or "").lower()
    except (ReconnectRequired, BadRequest, ServiceUnavailable):
        return back({"error": "token_exchange_failed"}, "failed")
    token = await asyncio.to_thread(
        _new_connection,
        settings,
        consent.account_id,
        consent.provider,
        email,
        tokens.refresh_token,
        ImapFields(),
    )
    return back({"inbox_token": token, "email": email}, "success")


def _connection(settings: Settings, principal: Principal, inbox_token: str) -> InboxConnection:
    if not inbox_token:
        raise Unauthenticated("The x-inbox-token header is required; connect the inbox first.")
    with session_scope(settings) as session:
        row = session.exec(
            select(InboxConnection).where(col(InboxConnection.token_hash) == _hash(inbox_token))
        ).first()
    if row is None or principal.account_id is None or row.account_id != principal.account_id:
        raise NotFound(_NOT_FOUND)
    return row


def _store_secret(settings: Settings, connection_id: str, secret: str) -> None:
    with session_scope(settings) as session:
        row = session.get(InboxConnection, connection_id)
        if row is not None:
            row.secret_enc = seal(secret, settings, context=row.id)
            session.add(row)


async def _access(settings: Settings, row: InboxConnection) -> str:
    """A fresh access token for an OAuth connection (a rotated refresh token is kept)."""
    secret = unseal(row.secret_enc, settings, context=row.id)
    tokens = await oauth.access_token(oauth.provider(row.provider, settings), settings, secret)
    if tokens.refresh_token != secret:
        await asyncio.to_thread(_store_secret, settings, row.id, tokens.refresh_token)
    return tokens.access_token


def _imap_account(settings: Settings, row: InboxConnection) -> imap.ImapAccount:
    password = unseal(row.secret_enc, settings, context=row.id)
    return imap.ImapAccount(row.imap_host, row.imap_port, row.imap_user, password)


async def status(
    principal: Principal, inbox_token: str, *, settings: Settings | None = None
) -> InboxStatusView:
    """Whether the provider still honours the connection (``connected: false`` when the user
    revoked it or it expired)."""
    settings = settings or get_settings()
    row = await asyncio.to_thread(_connection, settings, principal, inbox_token)
    try:
        if row.provider == "imap":
            await imap.check_login(_imap_account(settings, row), settings)
        else:
            await _access(settings, row)
    except ReconnectRequired:
        return InboxStatusView(connected=False, provider=row.provider, email=row.email)
    return InboxStatusView(connected=True, provider=row.provider, email=row.email)


def _day(value: str, field: str, default: date) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{field} must be a date as YYYY-MM-DD, not {value!r}.") from None


async def _find(
    settings: Settings, row: InboxConnection, senders: list[str], start: date, end: date
) -> list[FoundAttachment]:
    limit = settings.inbox_max_files
    if row.provider == "imap":
        return await imap.find(_imap_account(settings, row), settings, senders, start, end, limit)
    access = await _access(settings, row)
    async with client(settings) as http:
        if row.provider == "gmail":
            return await Gmail(http, settings, access).find(senders, start, end, limit)
        return await Graph(http, settings, access).find(senders, start, end, limit)


async def list_cas(
    principal: Principal,
    inbox_token: str,
    cas_types: list[str],
    start_date: str = "",
    end_date: str = "",
    *,
    parse: bool = False,
    password: str = "",
    request_id: str = "",
    settings: Settings | None = None,
) -> MailFilesView:
    """The statements the depositories and registrars sent to the mailbox between the dates
    (30 days ago to today by default), each kept once with an expiring link; parsed into history
    documents when ``parse``. Charged ``email_import`` per call, whatever is found."""
    settings = settings or get_settings()
    kinds = check_cas_types(cas_types)
    today = utcnow().date()
    end = _day(end_date, "end_date", today)
    start = _day(start_date, "start_date", end - timedelta(days=30))
    if start > end:
        raise BadRequest("start_date is after end_date.")
    row = await asyncio.to_thread(_connection, settings, principal, inbox_token)
    async with spend_async(
        principal,
        "email_import",
        request_id=request_id,
        path="/v4/inbox/cas",
        refund_on_error=False,
        settings=settings,
    ):
        found = await _find(settings, row, [SENDERS[k] for k in kinds], start, end)
        wanted = [(cas_type_of(a.sender_email), a) for a in found]
        kept = await files.keep(
            settings, row.account_id, row.id, [(k, a) for k, a in wanted if k in kinds]
        )
    if parse:
        kept = await files.parse_into_history(principal, kept, password, settings)
    views = [files.file_view(r, settings.inbox_url_ttl_seconds, settings) for r in kept]
    return MailFilesView(count=len(views), files=views)


def _delete(settings: Settings, connection_id: str) -> None:
    with session_scope(settings) as session:
        row = session.get(InboxConnection, connection_id)
        if row is not None:
            session.delete(row)
    files.delete_files(settings, connection_id)


async def disconnect(
    principal: Principal, inbox_token: str, *, settings: Settings | None = None
) -> InboxDisconnectedView:
    """Revoke the grant upstream (Google's revocation endpoint; Microsoft has none per
    application) and forget the connection and its kept files here."""
    settings = settings or get_settings()
    row = await asyncio.to_thread(_connection, settings, principal, inbox_token)
    if row.provider != "imap":
        secret = unseal(row.secret_enc, settings, context=row.id)
        await oauth.revoke(oauth.provider(row.provider, settings), settings, secret)
    await asyncio.to_thread(_delete, settings, row.id)
    return InboxDisconnectedView(msg="Email disconnected successfully")
