"""API keys: creation, hashing at rest, masking, listing, revocation.

A key is ``cg_`` + a 12-character public lookup id + a 32-character secret. Only the lookup id
(``prefix``) is stored in clear; the whole key is stored as ``HMAC-SHA256(salt, key)`` with a
random per-key salt. A slow password hash (argon2, bcrypt) would add tens of milliseconds to
every request for no gain: a key carries ~190 bits of randomness, so it cannot be guessed from
its hash however fast the hash is. Slow hashes exist for low-entropy secrets such as passwords.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from core.accounts.models import Account, ApiKey
from core.db import session_scope, table, utcnow
from core.errors import BadRequest, Conflict, NotFound
from core.settings import Settings, get_settings

KEY_PREFIX = "cg_"
_LOOKUP_LEN = 12
_SECRET_LEN = 32
_ALPHABET = string.ascii_letters + string.digits
_LOOKUP_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    """What may be shown about a key after its creation: never the key itself."""

    id: str
    account_id: str
    name: str
    masked_key: str
    credits_limit: Decimal
    credits_used: Decimal
    unlimited: bool
    resets_at: datetime
    features: list[str]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: ApiKey, account: Account) -> ApiKeyInfo:
        """The key with the balance of its account (shared by the account's keys)."""
        return cls(
            id=row.id,
            account_id=row.account_id,
            name=row.name,
            masked_key=f"{row.mask_head}****{row.mask_tail}",
            credits_limit=Decimal(account.limit_milli) / 1000,
            credits_used=Decimal(account.used_milli) / 1000,
            unlimited=account.unlimited,
            resets_at=account.resets_at,
            features=list(row.features),
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )


def mask_key(key: str) -> str:
    """``abc1****ef23``: the first and last four characters, nothing else."""
    return f"{key[:4]}****{key[-4:]}"


def hash_key(key: str, salt: str) -> str:
    return hmac.new(bytes.fromhex(salt), key.encode(), hashlib.sha256).hexdigest()


def key_matches(row: ApiKey, key: str) -> bool:
    return hmac.compare_digest(hash_key(key, row.salt), row.secret_hash)


def generate_key() -> tuple[str, str]:
    """A new ``(key, lookup prefix)``."""
    lookup = "".join(secrets.choice(_LOOKUP_ALPHABET) for _ in range(_LOOKUP_LEN))
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(_SECRET_LEN))
    prefix = KEY_PREFIX + lookup
    return prefix + secret, prefix


def lookup_prefix(key: str) -> str | None:
    """The public lookup part of a well-formed key, else ``None``."""
    if not key.startswith(KEY_PREFIX) or len(key) != len(KEY_PREFIX) + _LOOKUP_LEN + _SECRET_LEN:
        return None
    return key[: len(KEY_PREFIX) + _LOOKUP_LEN]


def find_key_row(session: Session, key: str) -> ApiKey | None:
    """The row of ``key`` if the key is genuine (whatever its state), else ``None``."""
    prefix = lookup_prefix(key)
    if prefix is None:
        return None
    row = session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).first()
    if row is None or not key_matches(row, key):
        return None
    return row


def new_key_row(
    *,
    key: str,
    prefix: str,
    account_id: str,
    name: str,
    features: list[str],
    expires_at: datetime | None = None,
    created_by_user_id: str | None = None,
    is_bootstrap: bool = False,
) -> ApiKey:
    salt = secrets.token_hex(16)
    return ApiKey(
        account_id=account_id,
        name=name,
        prefix=prefix,
        salt=salt,
        secret_hash=hash_key(key, salt),
        mask_head=key[:4],
        mask_tail=key[-4:],
        is_bootstrap=is_bootstrap,
        features=features,
        expires_at=expires_at,
        created_by_user_id=created_by_user_id,
    )


def to_milli(credits: float) -> int:
    return round(credits * 1000)


def create_key(
    name: str,
    credits: float = 0,
    unlimited: bool = False,
    *,
    account_id: str | None = None,
    features: Iterable[str] | None = None,
    expires_at: datetime | None = None,
    created_by_user_id: str | None = None,
    max_active: int | None = None,
    settings: Settings | None = None,
) -> tuple[ApiKeyInfo, str]:
    """Create a key and return it with its only plaintext copy.

    Without ``account_id`` the key gets a new account of its own with ``credits`` a month (or
    ``unlimited``): the operator's ``casgate keys create``. A key added to an existing account
    shares that account's balance and grants nothing, so ``credits``/``unlimited`` must then
    be left out. ``features`` defaults to every feature with a configured cost. With
    ``max_active``, the account's active keys are counted under a lock on the account row, so
    concurrent creations cannot pass the cap (``Conflict``).
    Raises ``BadRequest`` for an empty name, negative credits or an unknown feature, and
    ``NotFound`` for an unknown account.
    """
    settings = settings or get_settings()
    name = _valid_name(name)
    valid_credits(credits)
    if account_id is not None and (credits or unlimited):
        raise BadRequest("a key in an existing account shares its balance; grant credits to it")
    enabled = _valid_features(features, settings)
    key, prefix = generate_key()
    with session_scope(settings) as session:
        if account_id is None:
            account = Account(name=name, limit_milli=to_milli(credits), unlimited=unlimited)
            session.add(account)
            session.flush()
        else:
            account = _locked_account(session, account_id)
            if max_active is not None and _active_keys(session, account.id) >= max_active:
                raise Conflict(
                    f"An account may hold at most {max_active} active API keys; revoke one first"
                )
        row = new_key_row(
            key=key,
            prefix=prefix,
            account_id=account.id,
            name=name,
            features=enabled,
            expires_at=expires_at,
            created_by_user_id=created_by_user_id,
        )
        session.add(row)
        session.flush()
        return ApiKeyInfo.from_row(row, account), key


def _locked_account(session: Session, account_id: str) -> Account:
    """The account row, locked for the rest of the transaction: a no-op UPDATE takes the row
    lock on PostgreSQL and the write lock on SQLite, before anything is read."""
    account = table(Account)
    locked = session.connection().execute(
        update(account).where(account.c.id == account_id).values(name=account.c.name)
    )
    row = session.get(Account, account_id) if locked.rowcount == 1 else None
    if row is None:
        raise NotFound("Account not found")
    return row


def _active_keys(session: Session, account_id: str) -> int:
    query = (
        select(func.count())
        .select_from(ApiKey)
        .where(ApiKey.account_id == account_id, col(ApiKey.revoked_at).is_(None))
    )
    return int(session.exec(query).one())


def count_active_keys(account_id: str, *, settings: Settings | None = None) -> int:
    with session_scope(settings) as session:
        return _active_keys(session, account_id)


def list_keys(
    account_id: str, *, include_revoked: bool = False, settings: Settings | None = None
) -> list[ApiKeyInfo]:
    """The keys of one account, newest first."""
    with session_scope(settings) as session:
        query = select(ApiKey).where(ApiKey.account_id == account_id)
        if not include_revoked:
            query = query.where(col(ApiKey.revoked_at).is_(None))
        rows = session.exec(query.order_by(col(ApiKey.created_at).desc())).all()
        account = session.get(Account, account_id)
        return [ApiKeyInfo.from_row(row, account) for row in rows if account is not None]


def get_key(
    key_id: str, *, account_id: str | None = None, settings: Settings | None = None
) -> ApiKeyInfo:
    """One key; with ``account_id``, only if that account owns it (else ``NotFound``)."""
    with session_scope(settings) as session:
        return _info(session, _owned_row(session, key_id, account_id))


def revoke_key(
    key_id: str, *, account_id: str | None = None, settings: Settings | None = None
) -> ApiKeyInfo:
    """Revoke a key (and with it every access token issued from it). Idempotent.

    With ``account_id`` (a signed-in user), a key of another account is ``NotFound``. The
    operator key comes from settings and cannot be revoked here (``Conflict``).
    """
    with session_scope(settings) as session:
        row = _owned_row(session, key_id, account_id)
        if row.is_bootstrap:
            raise Conflict("The operator key is configured by CASGATE_BOOTSTRAP_API_KEY")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            session.add(row)
            session.flush()
        return _info(session, row)


def update_key(
    key_id: str,
    *,
    features: Iterable[str] | None = None,
    settings: Settings | None = None,
) -> ApiKeyInfo:
    """Operator change to a key's enabled features (credits belong to its account:
    :func:`core.accounts.grants.grant_credits`)."""
    settings = settings or get_settings()
    with session_scope(settings) as session:
        if features is not None:
            enabled = _valid_features(features, settings)
            session.execute(update(ApiKey).where(col(ApiKey.id) == key_id).values(features=enabled))
        return _info(session, _owned_row(session, key_id, None))


def _info(session: Session, row: ApiKey) -> ApiKeyInfo:
    account = session.get(Account, row.account_id, populate_existing=True)
    assert account is not None  # api_key.account_id is a foreign key
    return ApiKeyInfo.from_row(row, account)


def _owned_row(session: Session, key_id: str, account_id: str | None) -> ApiKey:
    row = session.get(ApiKey, key_id, populate_existing=True)
    if row is None or (account_id is not None and row.account_id != account_id):
        raise NotFound("API key not found")
    return row


def _valid_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise BadRequest("name must be 1 to 200 characters")
    return name


def valid_credits(credits: float) -> None:
    if not math.isfinite(credits) or credits < 0 or credits > 1e12:
        raise BadRequest("credits must be a number between 0 and 1e12")


def _valid_features(features: Iterable[str] | None, settings: Settings) -> list[str]:
    known = list(settings.credit_costs)
    if features is None:
        return known
    chosen = list(dict.fromkeys(features))
    unknown = [f for f in chosen if f not in settings.credit_costs]
    if unknown:
        raise BadRequest(f"unknown feature(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return chosen
