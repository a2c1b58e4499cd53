"""Forward-to addresses: create, list, get and delete; each belongs to the account that made it
(another account's id is a 404)."""

from __future__ import annotations

import asyncio
import re
import secrets
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import Principal
from core.db import session_scope
from core.errors import BadRequest, Conflict, Forbidden
from core.inbox.files import delete_files
from core.inbox.sealing import seal
from core.inbox.senders import check_cas_types
from core.settings import Settings, get_settings

from .models import InboundAddress
from .views import InboundEmailDeletedView, InboundEmailPageView, InboundEmailView

_ALIAS = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,30})[a-z0-9]$")
_MAX_METADATA = 10
_LABEL = "Inbound email"


def email_of(row: InboundAddress, settings: Settings) -> str:
    return f"{row.local_part}@{settings.inbound_email_domain}"


def view_of(row: InboundAddress, settings: Settings) -> InboundEmailView:
    return InboundEmailView(
        inbound_email_id=row.id,
        email=email_of(row, settings),
        status=row.status,
        allowed_sources=list(row.allowed_sources),
        callback_url=row.callback_url,
        metadata=dict(row.extra),
        reference=row.reference,
        created_at=row.created_at,
        updated_at=row.updated_at,
        has_password=bool(row.password_enc),
    )


def _check_callback(url: str | None) -> str | None:
    """``url`` if it is https, or http to a loopback host (as the published API allows)."""
    if not url:
        return None
    parts = urlsplit(url)
    loopback = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise BadRequest("callback_url must be https (http only for localhost).")
    if len(url) > 2048:
        raise BadRequest("callback_url is longer than 2048 characters.")
    return url


def _check_metadata(metadata: dict[str, str]) -> dict[str, str]:
    if len(metadata) > _MAX_METADATA:
        raise BadRequest(f"metadata holds at most {_MAX_METADATA} pairs.")
    if any(len(k) > 40 or len(v) > 500 for k, v in metadata.items()):
        raise BadRequest("metadata keys are at most 40 characters and values 500.")
    return dict(metadata)


def _alias(alias: str) -> str:
    if not alias:
        return "cas-" + secrets.token_hex(6)
    local = alias.strip().lower()
    if not _ALIAS.match(local):
        raise BadRequest(
            "alias must be 3-32 characters of letters, digits and hyphens, starting and ending "
            "with a letter or digit."
        )
    return local


def _create(
    settings: Settings,
    principal: Principal,
    alias: str,
    allowed_sources: list[str],
    callback_url: str | None,
    metadata: dict[str, str],
    reference: str,
    password: str,
) -> InboundEmailView:
    if principal.account_id is None:
        raise Forbidden("The sandbox key cannot create addresses; use an API key or sign in")
    row = InboundAddress(
        account_id=principal.account_id,
        local_part=_alias(alias),
        allowed_sources=check_cas_types(allowed_sources, field="allowed_sources")
        if allowed_sources
        else [],
        callback_url=_check_callback(callback_url),
        extra=_check_metadata(metadata),
        reference=reference[:255],
    )
    if password:
        row.password_enc = seal(password, settings, context=row.id)
    try:
        with session_scope(settings) as session:
            session.add(row)
    except IntegrityError:
        raise Conflict(
            f"The address {email_of(row, settings)} is taken; choose another alias."
        ) from None
    return view_of(row, settings)


async def create_address(
    principal: Principal,
    *,
    alias: str = "",
    allowed_sources: list[str] | None = None,
    callback_url: str | None = None,
    metadata: dict[str, str] | None = None,
    reference: str = "",
    password: str = "",
    settings: Settings | None = None,
) -> InboundEmailView:
    """A new forward-to address (``Conflict`` when the alias is taken)."""
    settings = settings or get_settings()
    return await asyncio.to_thread(
        _create,
        settings,
        principal,
        alias,
        list(allowed_sources or []),
        callback_url,
        dict(metadata or {}),
        reference,
        password,
    )


def _list(
    settings: Settings, principal: Principal, limit: int, offset: int, status: str
) -> InboundEmailPageView:
    limit = limit or 50
    if not 1 <= limit <= 100 or offset < 0:
        raise BadRequest("limit must be 1-100 and offset at least 0.")
    status = status or "all"
    if status not in ("active", "paused", "all"):
        raise BadRequest("status must be active, paused or all.")
    query = owned_select(InboundAddress, principal)
    if status != "all":
        query = query.where(col(InboundAddress.status) == status)
    with session_scope(settings) as session:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = session.exec(
            query.order_by(col(InboundAddress.created_at).desc(), col(InboundAddress.id))
            .offset(offset)
            .limit(limit)
        ).all()
    return InboundEmailPageView(
        inbound_emails=[view_of(r, settings) for r in rows], total=total, limit=limit, offset=offset
    )


async def list_addresses(
    principal: Principal,
    limit: int = 50,
    offset: int = 0,
    status: str = "all",
    *,
    settings: Settings | None = None,
) -> InboundEmailPageView:
    settings = settings or get_settings()
    return await asyncio.to_thread(_list, settings, principal, limit, offset, status)


def owned_address(settings: Settings, principal: Principal, address_id: str) -> InboundAddress:
    with session_scope(settings) as session:
        return get_owned(session, InboundAddress, address_id, principal, label=_LABEL)


async def get_address(
    principal: Principal, address_id: str, *, settings: Settings | None = None
) -> InboundEmailView:
    settings = settings or get_settings()
    row = await asyncio.to_thread(owned_address, settings, principal, address_id)
    return view_of(row, settings)


def _delete(settings: Settings, principal: Principal, address_id: str) -> None:
    with session_scope(settings) as session:
        row = get_owned(session, InboundAddress, address_id, principal, label=_LABEL)
        session.delete(row)
    delete_files(settings, address_id)


async def delete_address(
    principal: Principal, address_id: str, *, settings: Settings | None = None
) -> InboundEmailDeletedView:
    """Delete an address: mail to it is refused from then on; its kept files go too (history
    documents made from them stay)."""
    settings = settings or get_settings()
    await asyncio.to_thread(_delete, settings, principal, address_id)
    return InboundEmailDeletedView(msg="Inbound email deleted successfully")
