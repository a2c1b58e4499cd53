"""Tables of the accounts domain.

An :class:`Account` owns everything: API keys, users, usage rows, and (in other packages) jobs,
documents, workflows and webhooks. A table that belongs to an account subclasses
:class:`AccountOwned`, which adds the indexed ``account_id`` foreign key, and is then readable
through :func:`core.accounts.ownership.get_owned`.

Credits belong to the account: every key of an account and its users' JWTs draw on one
monthly balance. They are stored as integer milli-credits: costs such as 0.2 are not exact in
binary floating point, and a balance compared with ``used + cost <= limit`` in SQL must never
drift.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from core.accounts.clock import next_reset
from core.db import UTCDateTime, utcnow


def new_id() -> str:
    """A random 32-character hex identifier (unguessable, so ids can be shown to clients)."""
    return uuid.uuid4().hex


class Account(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    #: monthly credits granted by the operator, and what was spent of them this period
    limit_milli: int = Field(default=0, sa_type=BigInteger)
    used_milli: int = Field(default=0, sa_type=BigInteger)
    unlimited: bool = Field(default=False)
    resets_at: datetime = Field(default_factory=lambda: next_reset(utcnow()), sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AccountOwned(SQLModel):
    """Mixin for tables whose rows belong to one account."""

    account_id: str = Field(foreign_key="account.id", index=True, ondelete="CASCADE", max_length=32)


class User(AccountOwned, table=True):
    __tablename__ = "app_user"  # "user" is a reserved word in PostgreSQL

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    email: str = Field(unique=True, max_length=320)
    password_hash: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ApiKey(AccountOwned, table=True):
    __tablename__ = "api_key"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    #: public part of the key, used to find the row; the secret part is only stored hashed
    prefix: str = Field(unique=True, max_length=64)
    salt: str = Field(max_length=64)
    secret_hash: str = Field(max_length=128)
    #: first and last four characters of the key, for the masked display ``abc1****ef23``
    mask_head: str = Field(max_length=4)
    mask_tail: str = Field(max_length=4)
    is_bootstrap: bool = Field(default=False)
    features: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by_user_id: str | None = Field(
        default=None, foreign_key="app_user.id", ondelete="SET NULL", max_length=32
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class UsageLog(AccountOwned, table=True):
    """One metered call. ``status_code`` 0 marks a call still in flight (credits reserved)."""

    __tablename__ = "usage_log"
    __table_args__ = (Index("ix_usage_log_account_created", "account_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key_id: str | None = Field(
        default=None, foreign_key="api_key.id", ondelete="SET NULL", max_length=32
    )
    user_id: str | None = Field(default=None, max_length=32)
    request_id: str = Field(max_length=80)
    feature: str = Field(max_length=80)
    path: str = Field(max_length=300)
    status_code: int = Field(default=0)
    credits_milli: int = Field(default=0, sa_type=BigInteger)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UserSession(SQLModel, table=True):
    """A login: the family of refresh tokens that descend from it by rotation."""

    __tablename__ = "user_session"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: str = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE", max_length=32)
    #: the only refresh token of this family that may still be used
    refresh_jti: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins counted for one scope: an email, a client address, or the pair.

    ``scope`` is a SHA-256 of the scope's name, so the table holds no addresses or emails.
    """

    __tablename__ = "login_throttle"

    scope: str = Field(primary_key=True, max_length=64)
    failures: int = Field(default=0)
    #: no attempt in this scope before this time (once the free attempts are used)
    next_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    #: the last successful sign-in in this scope (a known client of the email)
    succeeded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
