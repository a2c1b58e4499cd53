"""Parsing as a metered call: take the credits, parse in a worker, keep them only on success.

The statement's kind decides the feature (and so the price). A type-specific endpoint knows it
beforehand. A smart parse learns it in the same worker trip that parses, so it reserves the
dearest price it could owe and settles to the detected kind's once the parse has answered.
Credits taken are given back if the parse fails, so only successful parses are charged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from .accounts import Principal, spend_async
from .accounts.credits import reserve_dearest, settle, settle_to
from .isolation import WorkerPool, get_pool, parse_in_worker
from .models import StatementKind
from .settings import Settings, get_settings

log = logging.getLogger(__name__)

#: The credit feature of each statement family.
FEATURES: dict[StatementKind, str] = {
    StatementKind.CAMS_KFINTECH: "cams_kfintech_cas_parser",
    StatementKind.NSDL: "nsdl_cas_parser",
    StatementKind.CDSL: "cdsl_cas_parser",
    StatementKind.CONTRACT_NOTE: "contract_note_parser",
}


def _kind_of(statement: dict[str, Any]) -> StatementKind:
    """The kind the engine detected, from a parsed statement's ``meta.detection``."""
    return StatementKind(statement["meta"]["detection"]["kind"])


async def parse_metered(
    data: bytes,
    password: str | None,
    expected: str | None,
    *,
    principal: Principal,
    request_id: str,
    path: str,
    settings: Settings | None = None,
    pool: WorkerPool | None = None,
) -> dict[str, Any]:
    """Parse ``data`` for ``principal``, charging the feature of its kind on success.

    ``expected`` is the kind a type-specific endpoint accepts (``None`` for smart parsing).
    """
    settings = settings or get_settings()
    pool = pool or get_pool(settings)
    started = time.monotonic()
    if expected:
        kind = StatementKind(expected)
        async with spend_async(
            principal, FEATURES[kind], request_id=request_id, path=path, settings=settings
        ):
            statement = await parse_in_worker(data, password, kind, pool=pool, settings=settings)
    else:
        statement = await _smart_parse(data, password, principal, request_id, path, settings, pool)
    from .history.parses import keep_in_history  # history reaches this module through batch

    await keep_in_history(settings, principal, data, statement, started)
    return statement


async def _smart_parse(
    data: bytes,
    password: str | None,
    principal: Principal,
    request_id: str,
    path: str,
    settings: Settings,
    pool: WorkerPool,
) -> dict[str, Any]:
    """Detect and parse in one worker trip, paid for by a reservation of the dearest kind."""
    charge = await asyncio.to_thread(
        reserve_dearest,
        principal,
        list(FEATURES.values()),
        request_id=request_id,
        path=path,
        settings=settings,
    )
    try:
        statement = await parse_in_worker(data, password, None, pool=pool, settings=settings)
        feature = FEATURES[_kind_of(statement)]
    except BaseException as exc:
        # shielded: a cancelled request must still give its credits back
        await asyncio.shield(asyncio.to_thread(settle, charge, error=exc, settings=settings))
        raise
    # shielded: once parsed, the charge settles to the kind found even if the caller goes away
    await asyncio.shield(asyncio.to_thread(settle_to, charge, feature, settings=settings))
    return statement
