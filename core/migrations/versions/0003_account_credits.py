"""Credits move from API keys to accounts; failed sign-ins are throttled per scope.

Each account's monthly limit becomes the **largest** limit of its keys (revoked ones included),
not their sum: before this revision any key could mint a 100-credit key in its own account, so
summing would turn every minted key into lasting credit. An operator's ``keys create`` made one
account per key, so for the accounts it provisioned the largest limit is exactly its grant.
What the keys spent in the current period is summed (it was all spent by the account), and the
account is unlimited when any of its keys was. Accounts without keys start at 0.

``login_failure`` (per email) gives way to ``login_throttle`` (per email, client and pair).

Revision ID: 0003_account_credits
Revises: 0002_batch
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision: str = "0003_account_credits"
down_revision: str | None = "0002_batch"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY_CREDIT_COLUMNS = ("limit_milli", "used_milli", "unlimited", "resets_at")
_EPOCH = sa.text("'1970-01-01 00:00:00'")


def _next_reset(now: datetime) -> datetime:
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    return datetime(year, month, 1, tzinfo=UTC)


def _credit_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("limit_milli", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("used_milli", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("unlimited", sa.Boolean(), nullable=False, server_default=sa.false()),
        # the epoch means "reset due"; upgrade() sets the current period at once
        sa.Column("resets_at", UTCDateTime(), nullable=False, server_default=_EPOCH),
    ]


def upgrade() -> None:
    for column in _credit_columns():
        op.add_column("account", column)
    _move_balances_to_accounts()
    # SQLite drops plain columns in place (3.35+); no table is rebuilt, so no foreign key fires
    for name in _KEY_CREDIT_COLUMNS:
        op.drop_column("api_key", name)

    op.drop_table("login_failure")
    op.create_table(
        "login_throttle",
        sa.Column("scope", sa.String(length=64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_at", UTCDateTime(), nullable=False),
        sa.Column("succeeded_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def _move_balances_to_accounts() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    period = _next_reset(now)
    account = sa.table(
        "account",
        sa.column("id", sa.String()),
        sa.column("limit_milli", sa.BigInteger()),
        sa.column("used_milli", sa.BigInteger()),
        sa.column("unlimited", sa.Boolean()),
        sa.column("resets_at", UTCDateTime()),
    )
    key = sa.table(
        "api_key",
        sa.column("account_id", sa.String()),
        *(sa.column(name) for name in ("limit_milli", "used_milli", "unlimited")),
        sa.column("resets_at", UTCDateTime()),
    )
    balances: dict[str, dict[str, object]] = {}
    for account_id, limit, used, unlimited, resets_at in bind.execute(
        sa.select(
            key.c.account_id, key.c.limit_milli, key.c.used_milli, key.c.unlimited, key.c.resets_at
        )
    ):
        entry = balances.setdefault(account_id, {"limit": 0, "used": 0, "unlimited": False})
        entry["limit"] = max(int(entry["limit"]), int(limit))  # type: ignore[call-overload]
        if resets_at is not None and resets_at > now:  # spent in the current period
            entry["used"] = int(entry["used"]) + int(used)  # type: ignore[call-overload]
        entry["unlimited"] = bool(entry["unlimited"]) or bool(unlimited)
    bind.execute(sa.update(account).values(resets_at=period))
    for account_id, entry in balances.items():
        bind.execute(
            sa.update(account)
            .where(account.c.id == account_id)
            .values(
                limit_milli=entry["limit"], used_milli=entry["used"], unlimited=entry["unlimited"]
            )
        )


def downgrade() -> None:
    op.drop_table("login_throttle")
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_login_failure_email_created", "login_failure", ["email", "created_at"])
    for column in _credit_columns():
        op.add_column("api_key", column)
    # every key gets its account's balance back (a downgrade cannot split one balance)
    op.execute(
        "UPDATE api_key SET limit_milli = (SELECT limit_milli FROM account "
        "WHERE account.id = api_key.account_id), unlimited = (SELECT unlimited FROM account "
        "WHERE account.id = api_key.account_id), resets_at = (SELECT resets_at FROM account "
        "WHERE account.id = api_key.account_id)"
    )
    for name in _KEY_CREDIT_COLUMNS:
        op.drop_column("account", name)
