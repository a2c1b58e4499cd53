"""The operator key from ``CASGATE_BOOTSTRAP_API_KEY``: always valid, unlimited credits.

It maps to a real account and key row, created on first use, so that its usage is logged and
what it creates has an owner like everything else.
"""

from __future__ import annotations

import hmac

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from core.accounts.keys import key_matches, new_key_row
from core.accounts.models import Account, ApiKey
from core.accounts.principal import Principal
from core.db import session_scope
from core.settings import Settings

BOOTSTRAP_PREFIX = "bootstrap"  # never produced by generate_key(), which starts with "cg_"


def is_bootstrap_key(key: str, settings: Settings) -> bool:
    configured = settings.bootstrap_api_key
    return bool(configured) and hmac.compare_digest(key.encode(), configured.encode())


def bootstrap_principal(settings: Settings) -> Principal:
    """The principal of the operator key, creating (or re-keying) its row when needed."""
    key = settings.bootstrap_api_key
    for _ in range(3):
        with session_scope(settings) as session:
            row = session.exec(select(ApiKey).where(ApiKey.prefix == BOOTSTRAP_PREFIX)).first()
            if row is not None and not key_matches(row, key):
                # the operator changed the configured key: keep the account, store the new hash
                fresh = new_key_row(
                    key=key,
                    prefix=BOOTSTRAP_PREFIX,
                    account_id=row.account_id,
                    name=row.name,
                    features=row.features,
                    is_bootstrap=True,
                )
                row.salt, row.secret_hash = fresh.salt, fresh.secret_hash
                row.mask_head, row.mask_tail = fresh.mask_head, fresh.mask_tail
                session.add(row)
            if row is not None and row.features != list(settings.credit_costs):
                row.features = list(settings.credit_costs)  # the operator may use every feature
                session.add(row)
            if row is not None:
                return Principal(
                    kind="api_key",
                    account_id=row.account_id,
                    key_id=row.id,
                    masked_key=f"{row.mask_head}****{row.mask_tail}",
                )
        try:
            with session_scope(settings) as session:
                account = Account(name="operator", unlimited=True)
                session.add(account)
                session.flush()
                session.add(
                    new_key_row(
                        key=key,
                        prefix=BOOTSTRAP_PREFIX,
                        account_id=account.id,
                        name="operator",
                        features=list(settings.credit_costs),
                        is_bootstrap=True,
                    )
                )
        except IntegrityError:
            pass  # created concurrently by another request; read it on the next pass
    raise RuntimeError("could not create the operator key row")


def is_operator_account(account_id: str, settings: Settings) -> bool:
    """Whether ``account_id`` is the operator's (holds the configured operator key)."""
    if not settings.bootstrap_api_key:
        return False
    with session_scope(settings) as session:
        found = session.exec(
            select(ApiKey.id).where(ApiKey.account_id == account_id, col(ApiKey.is_bootstrap))
        ).first()
    return found is not None
