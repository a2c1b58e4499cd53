"""The caller's webhooks: create, list, get, delete, rotate the secret, re-enable. Every webhook
belongs to one account; another account's webhook is a 404."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import Session, col, func, select

from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import Principal
from core.db import session_scope, utcnow
from core.errors import BadRequest, NotFound
from core.notice import Notice
from core.settings import Settings, get_settings
from core.webhooks.events import EVENTS
from core.webhooks.models import WebhookEndpoint
from core.webhooks.secrets import new_secret, seal_secret
from core.webhooks.send import check_webhook_url
from core.webhooks.views import WebhookListView, WebhookView

MAX_URL = 2048
#: the longest overlap a rotation may ask for
MAX_OVERLAP_SECONDS = 7 * 86400
LABEL = "Webhook"


def require_account(principal: Principal) -> str:
    if principal.account_id is None:
        raise NotFound(f"{LABEL} not found")
    return principal.account_id


def _events(events: list[str]) -> list[str]:
    chosen = list(dict.fromkeys(e.strip() for e in events))
    unknown = [e for e in chosen if e not in EVENTS]
    if not chosen or unknown:
        named = f" ({', '.join(repr(e) for e in unknown)} unknown)" if unknown else ""
        raise BadRequest(f"events must be one or more of {', '.join(EVENTS)}{named}")
    return chosen


def _full(session: Session, settings: Settings, account_id: str) -> bool:
    """Whether ``account_id`` holds its most webhooks already."""
    held = session.exec(
        select(func.count())
        .select_from(WebhookEndpoint)
        .where(col(WebhookEndpoint.account_id) == account_id)
    ).one()
    return held >= settings.webhook_max_per_account


def _create(settings: Settings, principal: Principal, url: str, events: list[str]) -> WebhookView:
    account_id = require_account(principal)
    secret = new_secret()
    endpoint = WebhookEndpoint(account_id=account_id, url=url, events=events, secret_enc="")
    endpoint.secret_enc = seal_secret(secret, settings, endpoint_id=endpoint.id)
    with session_scope(settings) as session:
        if _full(session, settings, account_id):
            most = settings.webhook_max_per_account
            raise BadRequest(f"an account holds at most {most} webhooks")
        session.add(endpoint)
        session.flush()
        return WebhookView.of(endpoint, secret=secret)


async def create_webhook(
    principal: Principal, url: str, events: list[str], *, settings: Settings | None = None
) -> WebhookView:
    """A new webhook of the caller's account, its secret shown this once. ``BadRequest`` for
    unknown events or a URL the SSRF guard refuses (not http(s), private address unless
    ``webhook_allow_private_urls``, a host that does not resolve)."""
    settings = settings or get_settings()
    require_account(principal)
    url = url.strip()
    if not url or len(url) > MAX_URL:
        raise BadRequest(f"url must have 1 to {MAX_URL} characters")
    chosen = _events(events)
    await check_webhook_url(url, settings)
    return await asyncio.to_thread(_create, settings, principal, url, chosen)


def _list(settings: Settings, principal: Principal) -> WebhookListView:
    with session_scope(settings) as session:
        rows = session.exec(
            owned_select(WebhookEndpoint, principal).order_by(
                col(WebhookEndpoint.created_at), col(WebhookEndpoint.id)
            )
        ).all()
        return WebhookListView(webhooks=[WebhookView.of(row) for row in rows])


async def list_webhooks(
    principal: Principal, *, settings: Settings | None = None
) -> WebhookListView:
    """The caller's webhooks, oldest first, without secrets."""
    return await asyncio.to_thread(_list, settings or get_settings(), principal)


def _get(settings: Settings, principal: Principal, webhook_id: str) -> WebhookView:
    with session_scope(settings) as session:
        endpoint = get_owned(session, WebhookEndpoint, webhook_id, principal, label=LABEL)
        return WebhookView.of(endpoint)


async def get_webhook(
    principal: Principal, webhook_id: str, *, settings: Settings | None = None
) -> WebhookView:
    """One of the caller's webhooks; ``NotFound`` otherwise."""
    return await asyncio.to_thread(_get, settings or get_settings(), principal, webhook_id)


def _delete(settings: Settings, principal: Principal, webhook_id: str) -> Notice:
    with session_scope(settings) as session:
        endpoint = get_owned(session, WebhookEndpoint, webhook_id, principal, label=LABEL)
        session.delete(endpoint)  # its deliveries and attempts go with it (ON DELETE CASCADE)
    return Notice(msg="Webhook deleted")


async def delete_webhook(
    principal: Principal, webhook_id: str, *, settings: Settings | None = None
) -> Notice:
    """Delete a webhook with its delivery log; waiting deliveries are dropped."""
    return await asyncio.to_thread(_delete, settings or get_settings(), principal, webhook_id)


def _rotate(settings: Settings, principal: Principal, webhook_id: str, overlap: int) -> WebhookView:
    secret = new_secret()
    with session_scope(settings) as session:
        endpoint = get_owned(session, WebhookEndpoint, webhook_id, principal, label=LABEL)
        endpoint.previous_secret_enc = endpoint.secret_enc if overlap else None
        endpoint.previous_until = utcnow() + timedelta(seconds=overlap) if overlap else None
        endpoint.secret_enc = seal_secret(secret, settings, endpoint_id=endpoint.id)
        session.add(endpoint)
        session.flush()
        return WebhookView.of(endpoint, secret=secret)


async def rotate_secret(
    principal: Principal,
    webhook_id: str,
    overlap_seconds: int | None = None,
    *,
    settings: Settings | None = None,
) -> WebhookView:
    """A new secret (shown this once). For ``overlap_seconds`` (default
    ``webhook_rotation_overlap_seconds``; 0 ends the old secret now) deliveries carry the
    signatures of both the new and the previous secret."""
    settings = settings or get_settings()
    overlap = (
        settings.webhook_rotation_overlap_seconds if overlap_seconds is None else overlap_seconds
    )
    if not 0 <= overlap <= MAX_OVERLAP_SECONDS:
        raise BadRequest(f"overlap_seconds must be between 0 and {MAX_OVERLAP_SECONDS}")
    return await asyncio.to_thread(_rotate, settings, principal, webhook_id, overlap)


def _enable(settings: Settings, principal: Principal, webhook_id: str) -> WebhookView:
    with session_scope(settings) as session:
        endpoint = get_owned(session, WebhookEndpoint, webhook_id, principal, label=LABEL)
        endpoint.disabled_at = None
        endpoint.disabled_reason = None
        session.add(endpoint)
        session.flush()
        return WebhookView.of(endpoint)


async def enable_webhook(
    principal: Principal, webhook_id: str, *, settings: Settings | None = None
) -> WebhookView:
    """Re-enable a webhook disabled after its receiver answered 410 Gone: events recorded from
    now on reach it again (and its failed deliveries may be redelivered). Deliveries failed
    while it was disabled stay failed. An enabled webhook is returned unchanged."""
    return await asyncio.to_thread(_enable, settings or get_settings(), principal, webhook_id)


def target_at(session: Session, settings: Settings, account_id: str, url: str) -> str | None:
    """The id of ``account_id``'s webhook at ``url``, for events sent to that URL by name (see
    ``endpoint_ids`` of :func:`core.webhooks.outbox.record_event`). When the account has none,
    one is made subscribed to no event, so only such named events reach it; the client reads
    its secret by rotating it (shown once). ``None`` when the webhook there was disabled (its
    receiver answered 410) or the account holds its most webhooks already."""
    rows = session.exec(
        select(WebhookEndpoint).where(
            col(WebhookEndpoint.account_id) == account_id, col(WebhookEndpoint.url) == url
        )
    ).all()
    enabled = [row for row in rows if row.disabled_at is None]
    if enabled:
        return min(enabled, key=lambda row: (row.created_at, row.id)).id
    if rows:
        return None
    if _full(session, settings, account_id):
        return None
    endpoint = WebhookEndpoint(account_id=account_id, url=url, events=[], secret_enc="")
    endpoint.secret_enc = seal_secret(new_secret(), settings, endpoint_id=endpoint.id)
    session.add(endpoint)
    session.flush()
    return endpoint.id
