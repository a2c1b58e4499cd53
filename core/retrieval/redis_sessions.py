"""CDSL fetch sessions in Redis (used when ``CASGATE_REDIS_URL`` is set): one hash per session
under ``<prefix>cdsl-fetch:<id>``, expiring a day after the session does (so a late verify still
hears "expired"). A verification claims its attempt with one Lua script, so the owner check, the
expiry, the attempt limit and the ``otp_sent`` → ``verifying`` step are a single atomic step,
as the database's conditional ``UPDATE`` is. Blocking functions: call them from worker threads.
"""

from __future__ import annotations

import threading
import time
from typing import Any, cast

import redis

from core.errors import (
    REDIS_UNAVAILABLE,
    Conflict,
    NotFound,
    ServiceUnavailable,
    SessionExpired,
)
from core.retrieval.models import FetchStatus
from core.retrieval.sealing import seal_state, unseal_state
from core.settings import Settings

KEEP_ENDED_SECONDS = 86400

#: returns {0} unknown or not the caller's, {1} expired or ended, {2} being verified,
#: {3, attempt, sealed state} claimed
_CLAIM = """
local k = KEYS[1]
local values = redis.call('HMGET', k, 'account', 'status', 'attempts', 'expires_at', 'state')
if not values[1] or values[1] ~= ARGV[1] then return {0} end
if values[2] == 'done' or values[2] == 'failed' or tonumber(values[4]) <= tonumber(ARGV[2]) then
  return {1}
end
if values[2] == 'verifying' then return {2} end
local attempts = tonumber(values[3])
if attempts >= tonumber(ARGV[3]) then return {1} end
redis.call('HSET', k, 'status', 'verifying', 'attempts', attempts + 1)
return {3, attempts + 1, values[5]}
"""

#: sets fields only on a session that still exists (an expired key is not brought back)
_UPDATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
"""

_clients: dict[str, redis.Redis] = {}
_lock = threading.Lock()


def _client(settings: Settings) -> redis.Redis:
    with _lock:
        client = _clients.get(settings.redis_url)
        if client is None:
            client = _clients[settings.redis_url] = redis.Redis.from_url(
                settings.redis_url, socket_connect_timeout=2, socket_timeout=5
            )
        return client


def _key(settings: Settings, session_id: str) -> str:
    return f"{settings.redis_key_prefix}cdsl-fetch:{session_id}"


def _unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(REDIS_UNAVAILABLE)


def create(settings: Settings, session_id: str, account_id: str, state: dict[str, Any]) -> None:
    ttl = settings.cdsl_otp_ttl_seconds
    key = _key(settings, session_id)
    try:
        pipe = _client(settings).pipeline()
        pipe.hset(
            key,
            mapping={
                "account": account_id,
                "status": FetchStatus.OTP_SENT.value,
                "attempts": 0,
                "expires_at": time.time() + ttl,
                "state": seal_state(state, settings, session_id=session_id),
            },
        )
        pipe.expire(key, ttl + KEEP_ENDED_SECONDS)
        pipe.execute()
    except redis.RedisError:
        raise _unavailable() from None


def claim(
    settings: Settings, account_id: str, session_id: str, now: float | None = None
) -> tuple[int, dict[str, Any]]:
    """``(attempt, state)`` of the caller's session; raises like the database's claim."""
    try:
        found = cast(
            list[Any],
            _client(settings).eval(
                _CLAIM,
                1,
                _key(settings, session_id),
                account_id,
                time.time() if now is None else now,
                settings.cdsl_max_otp_attempts,
            ),
        )
    except redis.RedisError:
        raise _unavailable() from None
    outcome = int(found[0])
    if outcome == 0:
        raise NotFound("CDSL fetch session not found")
    if outcome == 1:
        raise SessionExpired
    if outcome == 2:
        raise Conflict("This CDSL fetch session is being verified already; wait for its answer.")
    sealed = found[2].decode() if isinstance(found[2], bytes) else str(found[2])
    return int(found[1]), unseal_state(sealed, settings, session_id=session_id)


def update(settings: Settings, session_id: str, values: dict[str, str]) -> None:
    fields = [item for pair in values.items() for item in pair]
    try:
        _client(settings).eval(_UPDATE, 1, _key(settings, session_id), *fields)
    except redis.RedisError:
        raise _unavailable() from None
