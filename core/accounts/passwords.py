"""Passwords of users: the rules a new password must meet, and argon2id hashing."""

from __future__ import annotations

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import BadRequest

MIN_LENGTH = 10
MAX_LENGTH = 256  # argon2 accepts more; a cap keeps a hostile body from costing CPU
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_hasher = PasswordHasher()  # argon2id with the library's recommended cost


def normalize_email(email: str) -> str:
    """The canonical (trimmed, lower-case) email, or ``BadRequest`` when it is not one."""
    email = (email or "").strip().lower()
    if len(email) > 320 or not _EMAIL.match(email):
        raise BadRequest("email must be a valid email address")
    return email


def check_password_rules(password: str, email: str) -> None:
    """``BadRequest`` naming the first rule a new password breaks."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise BadRequest(f"password must be at least {MIN_LENGTH} characters long")
    if len(password) > MAX_LENGTH:
        raise BadRequest(f"password must be at most {MAX_LENGTH} characters long")
    if password.isdigit():
        raise BadRequest("password must not be only digits")
    lowered = password.strip().lower()
    if lowered in {email.lower(), email.lower().split("@", 1)[0]}:
        raise BadRequest("password must not be your email address")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password[: MAX_LENGTH * 4])
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def verify_against_nothing(password: str) -> None:
    """Spend the time of a real verification, so unknown emails are not revealed by timing."""
    verify_password(_dummy_hash(), password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not the password of anyone")
