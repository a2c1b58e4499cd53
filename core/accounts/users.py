"""Users: registration, sign-in with JWTs, refresh-token rotation, sign-out, and the API keys a
signed-in user manages for their account.

Refresh tokens rotate: each refresh returns a new one and retires the old. Presenting a retired
refresh token means it was copied, so the whole session (every token descended from the same
sign-in) is revoked.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import CursorResult, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from core.accounts.clock import rfc3339
from core.accounts.keys import create_key, list_keys, revoke_key, to_milli
from core.accounts.models import Account, ApiKey, User, UserSession
from core.accounts.passwords import (
    check_password_rules,
    hash_password,
    needs_rehash,
    normalize_email,
    verify_against_nothing,
    verify_password,
)
from core.accounts.principal import Principal
from core.accounts.throttle import claim_login_attempt, login_scopes, record_login_success
from core.accounts.user_tokens import decode, encode_pair, new_jti
from core.accounts.views import (
    ApiKeysView,
    ApiKeyView,
    NewApiKeyView,
    ProfileView,
    SignInView,
    TokenPairView,
    UserView,
)
from core.db import session_scope, utcnow
from core.errors import BadRequest, Conflict, Forbidden, Unauthenticated
from core.notice import Notice
from core.settings import Settings, get_settings


def register(email: str, password: str, *, settings: Settings | None = None) -> ProfileView:
    """Create a user with an account of its own, holding ``settings.signup_credits`` a month;
    returns :func:`me`'s body.

    Raises ``Forbidden`` when registration is switched off, ``BadRequest`` for a bad email or
    a password breaking a rule (at least 10 characters, not only digits, not the email) and
    ``Conflict`` when the email is taken.
    """
    settings = settings or get_settings()
    if not settings.registration_open:
        raise Forbidden("Registration is closed; ask the operator for an account")
    email = normalize_email(email)
    check_password_rules(password, email)
    password_hash = hash_password(password)
    try:
        with session_scope(settings) as session:
            if session.exec(select(User.id).where(User.email == email)).first() is not None:
                raise Conflict("A user with this email already exists")
            account = Account(name=email, limit_milli=to_milli(settings.signup_credits))
            session.add(account)
            session.flush()
            user = User(account_id=account.id, email=email, password_hash=password_hash)
            session.add(user)
            session.flush()
            return _profile(user)
    except IntegrityError:  # registered concurrently
        raise Conflict("A user with this email already exists") from None


def login(
    email: str, password: str, *, client: str = "", settings: Settings | None = None
) -> SignInView:
    """Tokens for a new session (``token_type`` ``bearer``) and the user. ``client`` is the
    caller's address (see :mod:`.throttle`).

    Raises ``Unauthenticated("Invalid email or password")`` (the same for an unknown email) and
    ``RateLimited`` while the attempt is in a backoff of :mod:`.throttle`, before the password
    is checked.
    """
    settings = settings or get_settings()
    try:
        email = normalize_email(email)
    except BadRequest:
        raise Unauthenticated("Invalid email or password") from None
    scopes = login_scopes(email, client or "unknown", settings)
    claim_login_attempt(scopes, settings)
    with session_scope(settings) as session:
        user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        verify_against_nothing(password or "")
        ok = False
    else:
        ok = verify_password(user.password_hash, password or "")
    if not ok or user is None:
        raise Unauthenticated("Invalid email or password")  # the attempt stays counted
    record_login_success(scopes, settings)

    now = utcnow()
    with session_scope(settings) as session:
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
            session.add(user)
        login_session = UserSession(
            user_id=user.id,
            refresh_jti=new_jti(),
            created_at=now,
            expires_at=now + timedelta(days=settings.jwt_refresh_days),
        )
        session.add(login_session)
    pair = encode_pair(user=user, session=login_session, settings=settings, now=now)
    return SignInView(**pair.model_dump(), user=_profile(user).user)


def refresh(refresh_token: str, *, settings: Settings | None = None) -> TokenPairView:
    """New access and refresh tokens for a current refresh token (which is then retired).

    Raises ``Unauthenticated``: invalid or expired token, revoked session, or reuse of a
    retired token (which also revokes the session, so the thief's copy dies too).
    """
    settings = settings or get_settings()
    claims = decode(refresh_token or "", "refresh", settings)
    session_id, old_jti, fresh_jti = str(claims["sid"]), str(claims["jti"]), new_jti()
    now = utcnow()
    with session_scope(settings) as session:
        rotated: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(UserSession)
            .where(
                col(UserSession.id) == session_id,
                col(UserSession.refresh_jti) == old_jti,
                col(UserSession.revoked_at).is_(None),
            )
            .values(refresh_jti=fresh_jti)
        )
        login_session = session.get(UserSession, session_id, populate_existing=True)
        if login_session is None:
            raise Unauthenticated("Invalid refresh token")
        if rotated.rowcount == 1:
            user = session.get(User, login_session.user_id)
            if user is None:
                raise Unauthenticated("Invalid refresh token")
            return encode_pair(user=user, session=login_session, settings=settings, now=now)
        if login_session.revoked_at is None:
            login_session.revoked_at = now
            session.add(login_session)
            reused = True
        else:
            reused = False
    if reused:
        raise Unauthenticated(
            "Refresh token was already used; the session is revoked, sign in again"
        )
    raise Unauthenticated("Session has been revoked; sign in again")


def logout(
    principal: Principal, *, refresh_token: str | None = None, settings: Settings | None = None
) -> Notice:
    """Revoke the caller's session (all its access and refresh tokens); with a
    ``refresh_token`` of the same user, that session too. Idempotent."""
    settings = settings or get_settings()
    sessions = {principal.session_id} if principal.session_id else set()
    if refresh_token:
        claims = decode(refresh_token, "refresh", settings)
        if principal.user_id is None or claims["sub"] == principal.user_id:
            sessions.add(str(claims["sid"]))
    if not sessions:
        raise BadRequest("Nothing to sign out of: send a user's bearer token or refresh_token")
    with session_scope(settings) as session:
        session.execute(
            update(UserSession)
            .where(col(UserSession.id).in_(sessions), col(UserSession.revoked_at).is_(None))
            .values(revoked_at=utcnow())
        )
    return Notice(msg="Signed out")


def me(principal: Principal, *, settings: Settings | None = None) -> ProfileView:
    """The signed-in user."""
    if principal.user_id is None:
        raise Forbidden("Sign in as a user (Authorization: Bearer) to see your profile")
    with session_scope(settings) as session:
        user = session.get(User, principal.user_id)
        if user is None:
            raise Unauthenticated("Invalid bearer token")
        return _profile(user)


def create_account_key(
    principal: Principal, name: str, *, settings: Settings | None = None
) -> NewApiKeyView:
    """A new key in the caller's account. It grants no credits (it spends the account's) and
    no more features than the calling key has. ``Conflict`` past
    ``settings.max_active_keys_per_account`` active keys, counted atomically."""
    settings = settings or get_settings()
    account_id = _account_of(principal)
    info, plaintext = create_key(
        name,
        account_id=account_id,
        features=_features_of(principal, settings),
        created_by_user_id=principal.user_id,
        max_active=settings.max_active_keys_per_account,
        settings=settings,
    )
    return NewApiKeyView(key=ApiKeyView.of(info), api_key=plaintext)


def _features_of(principal: Principal, settings: Settings) -> list[str] | None:
    """The calling key's features (``None``, every feature, for a signed-in user)."""
    if principal.key_id is None:
        return None
    with session_scope(settings) as session:
        key = session.get(ApiKey, principal.key_id)
        if key is None or key.revoked_at is not None:
            raise Unauthenticated("API key has been revoked")
        return [f for f in key.features if f in settings.credit_costs]


def list_account_keys(principal: Principal, *, settings: Settings | None = None) -> ApiKeysView:
    keys = list_keys(_account_of(principal), settings=settings)
    return ApiKeysView(keys=[ApiKeyView.of(info) for info in keys])


def revoke_account_key(
    principal: Principal, key_id: str, *, settings: Settings | None = None
) -> Notice:
    """Revoke one of the caller's keys; another account's key is ``NotFound``."""
    revoke_key(key_id, account_id=_account_of(principal), settings=settings)
    return Notice(msg="API key revoked")


def _account_of(principal: Principal) -> str:
    if principal.is_sandbox or principal.account_id is None:
        raise Forbidden("The sandbox key cannot manage API keys")
    if principal.via_access_token:
        raise Forbidden("Access tokens cannot manage API keys")
    return principal.account_id


def _profile(user: User) -> ProfileView:
    return ProfileView(
        user=UserView(
            id=user.id,
            email=user.email,
            account_id=user.account_id,
            created_at=rfc3339(user.created_at),
        )
    )
