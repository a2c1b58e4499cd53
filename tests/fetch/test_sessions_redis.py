"""CDSL fetch sessions in Redis (``CASGATE_REDIS_URL`` set): the same rules as in the database,
against this machine's Redis under a key prefix of the test's own."""

from __future__ import annotations

import asyncio

import pytest
import redis

from core.errors import BadRequest, Code, Conflict, NotFound, SessionExpired
from core.retrieval.cdsl import start_cdsl_fetch, verify_cdsl_fetch
from core.settings import Settings
from tests.batch.conftest import Account
from tests.fetch.conftest import BO_ID, DOB
from tests.fetch.fake_cdsl import FakeCdsl


@pytest.fixture
def on_redis(settings: Settings, redis_prefix: tuple[str, str]) -> Settings:
    url, prefix = redis_prefix
    return settings.model_copy(update={"redis_url": url, "redis_key_prefix": prefix})


def _otp(cdsl: FakeCdsl) -> str:
    return cdsl.sms["9876501234"][-1]


def _wrong(cdsl: FakeCdsl) -> str:
    return "000000" if _otp(cdsl) != "000000" else "111111"


async def test_a_session_in_redis_end_to_end(
    on_redis: Settings, account: Account, other: Account, cdsl: FakeCdsl, pan: str
) -> None:
    cdsl.otp_attempts = 10
    started = await start_cdsl_fetch(account.principal, pan, BO_ID, DOB, settings=on_redis)
    client = redis.Redis.from_url(on_redis.redis_url)
    (key,) = client.keys(f"{on_redis.redis_key_prefix}cdsl-fetch:*")
    raw = client.hgetall(key)
    assert pan.encode() not in b"".join(raw.values())  # sealed
    assert client.ttl(key) > 0

    with pytest.raises(NotFound):
        await verify_cdsl_fetch(other.principal, started.session_id, _otp(cdsl), settings=on_redis)
    with pytest.raises(BadRequest) as wrong:
        await verify_cdsl_fetch(
            account.principal, started.session_id, _wrong(cdsl), settings=on_redis
        )
    assert wrong.value.code is Code.INVALID_OTP
    done = await verify_cdsl_fetch(
        account.principal, started.session_id, _otp(cdsl), 1, settings=on_redis
    )
    assert len(done.files) == 1
    assert client.hget(key, "state") == b"" and client.hget(key, "status") == b"done"
    with pytest.raises(SessionExpired) as again:
        await verify_cdsl_fetch(
            account.principal, started.session_id, _otp(cdsl), settings=on_redis
        )
    assert again.value.code is Code.SESSION_EXPIRED
    client.close()


async def test_the_attempt_limit_and_expiry_in_redis(
    on_redis: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    cdsl.otp_attempts = 10
    started = await start_cdsl_fetch(account.principal, pan, BO_ID, DOB, settings=on_redis)
    for _ in range(on_redis.cdsl_max_otp_attempts):
        with pytest.raises(BadRequest):
            await verify_cdsl_fetch(
                account.principal, started.session_id, _wrong(cdsl), settings=on_redis
            )
    with pytest.raises(SessionExpired) as used_up:
        await verify_cdsl_fetch(
            account.principal, started.session_id, _otp(cdsl), settings=on_redis
        )
    assert used_up.value.code is Code.SESSION_EXPIRED

    fresh = await start_cdsl_fetch(account.principal, pan, BO_ID, DOB, settings=on_redis)
    client = redis.Redis.from_url(on_redis.redis_url)
    client.hset(f"{on_redis.redis_key_prefix}cdsl-fetch:{fresh.session_id}", "expires_at", 0)
    client.close()
    posts = len(cdsl.posts)
    with pytest.raises(SessionExpired) as expired:
        await verify_cdsl_fetch(account.principal, fresh.session_id, _otp(cdsl), settings=on_redis)
    assert expired.value.code is Code.SESSION_EXPIRED
    assert len(cdsl.posts) == posts


async def test_one_verification_at_a_time_in_redis(
    on_redis: Settings, account: Account, cdsl: FakeCdsl, pan: str
) -> None:
    started = await start_cdsl_fetch(account.principal, pan, BO_ID, DOB, settings=on_redis)
    cdsl.slow, cdsl.slow_seconds = 1, 0.5
    first = asyncio.create_task(
        verify_cdsl_fetch(account.principal, started.session_id, _otp(cdsl), 1, settings=on_redis)
    )
    while ("POST", "/CAS/OTP.aspx") not in cdsl.log:
        await asyncio.sleep(0.01)
    with pytest.raises(Conflict):
        await verify_cdsl_fetch(
            account.principal, started.session_id, _otp(cdsl), 1, settings=on_redis
        )
    assert len((await first).files) == 1
