"""Granting credits: an operator capability, reached only from the command line
(``casgate credits grant``), never from the API. A key or a user can only spend what its
account was given."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, update

from core.accounts.clock import rfc3339
from core.accounts.keys import to_milli, valid_credits
from core.accounts.models import Account
from core.db import session_scope
from core.errors import NotFound
from core.settings import Settings, get_settings


def grant_credits(
    account_id: str,
    credits: float,
    *,
    unlimited: bool | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Set an account's monthly credits (and optionally its unlimited flag); what was spent
    this period stays spent. Returns the account's balance; ``NotFound`` for an unknown one."""
    settings = settings or get_settings()
    valid_credits(credits)
    values: dict[str, Any] = {"limit_milli": to_milli(credits)}
    if unlimited is not None:
        values["unlimited"] = unlimited
    with session_scope(settings) as session:
        session.execute(update(Account).where(col(Account.id) == account_id).values(**values))
        account = session.get(Account, account_id, populate_existing=True)
        if account is None:
            raise NotFound("Account not found")
        return {
            "account_id": account.id,
            "limit": account.limit_milli / 1000,
            "used": account.used_milli / 1000,
            "is_unlimited": account.unlimited,
            "resets_at": rfc3339(account.resets_at),
        }
