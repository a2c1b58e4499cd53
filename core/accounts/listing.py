"""The operator's view of accounts (``casgate accounts list``): every account with its
balance and how many keys and users it has; never a key or a password."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from core.accounts.clock import rfc3339
from core.accounts.models import Account, ApiKey, User
from core.db import session_scope
from core.settings import Settings, get_settings
from core.views import View


class AccountSummaryView(View):
    """One account as the operator sees it."""

    id: str
    name: str
    credits_limit: float
    credits_used: float
    is_unlimited: bool
    resets_at: str
    active_keys: int
    users: int
    created_at: str


def list_accounts(*, settings: Settings | None = None) -> list[AccountSummaryView]:
    """Every account, oldest first."""
    with session_scope(settings or get_settings()) as session:
        keys = dict(
            session.exec(
                select(ApiKey.account_id, func.count())
                .where(col(ApiKey.revoked_at).is_(None))
                .group_by(col(ApiKey.account_id))
            ).all()
        )
        users = dict(
            session.exec(select(User.account_id, func.count()).group_by(col(User.account_id))).all()
        )
        accounts = session.exec(select(Account).order_by(col(Account.created_at))).all()
        return [
            AccountSummaryView(
                id=account.id,
                name=account.name,
                credits_limit=account.limit_milli / 1000,
                credits_used=account.used_milli / 1000,
                is_unlimited=account.unlimited,
                resets_at=rfc3339(account.resets_at),
                active_keys=keys.get(account.id, 0),
                users=users.get(account.id, 0),
                created_at=rfc3339(account.created_at),
            )
            for account in accounts
        ]


def account_exists(account_id: str, *, settings: Settings | None = None) -> bool:
    with session_scope(settings or get_settings()) as session:
        return session.get(Account, account_id) is not None
