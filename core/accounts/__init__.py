"""Accounts: API keys, authentication, credits, usage, access tokens, users, rate limits and
ownership. Transport-free: the gRPC servicers and interceptors call these functions.

Every function takes an optional keyword ``settings`` (default: :func:`core.settings.get_settings`).
Errors are :mod:`core.errors` classes whose messages are safe to show to clients.
"""

from core.accounts.auth import authenticate, authenticate_async
from core.accounts.credits import (
    Charge,
    credits_info,
    refund_stale_reservations,
    spend,
    spend_async,
)
from core.accounts.grants import grant_credits
from core.accounts.keys import (
    ApiKeyInfo,
    create_key,
    get_key,
    list_keys,
    mask_key,
    revoke_key,
    update_key,
)
from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import SANDBOX_API_KEY, Principal
from core.accounts.ratelimit import (
    MemoryRateLimiter,
    RateLimiter,
    RedisRateLimiter,
    create_rate_limiter,
    enforce_rate_limit,
)
from core.accounts.startup import prepare_accounts
from core.accounts.tokens import issue_access_token, verify_access_token
from core.accounts.usage import list_usage, usage_summary
from core.accounts.users import (
    create_account_key,
    list_account_keys,
    login,
    logout,
    me,
    refresh,
    register,
    revoke_account_key,
)

__all__ = [
    "SANDBOX_API_KEY",
    "ApiKeyInfo",
    "Charge",
    "MemoryRateLimiter",
    "Principal",
    "RateLimiter",
    "RedisRateLimiter",
    "authenticate",
    "authenticate_async",
    "create_account_key",
    "create_key",
    "create_rate_limiter",
    "credits_info",
    "enforce_rate_limit",
    "get_key",
    "get_owned",
    "grant_credits",
    "issue_access_token",
    "list_account_keys",
    "list_keys",
    "list_usage",
    "login",
    "logout",
    "mask_key",
    "me",
    "owned_select",
    "prepare_accounts",
    "refresh",
    "refund_stale_reservations",
    "register",
    "revoke_account_key",
    "revoke_key",
    "spend",
    "spend_async",
    "update_key",
    "usage_summary",
    "verify_access_token",
]
