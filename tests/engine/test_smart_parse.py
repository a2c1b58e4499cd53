"""A smart parse opens, detects and parses its PDF in one worker trip, paid for by a
reservation of the dearest kind that settles to the detected kind's price, exactly, under
concurrency too, and is given back whole when the parse fails."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from core.accounts.auth import authenticate
from core.accounts.credits import credits_info
from core.accounts.keys import create_key
from core.accounts.models import UsageLog
from core.accounts.principal import Principal
from core.db import dispose_engine, session_scope
from core.errors import BadRequest, Forbidden, InsufficientCredits
from core.isolation import WorkerPool
from core.migrate import run_migrations
from core.settings import DEFAULT_CREDIT_COSTS, Settings
from core.statements import parse_metered
from tests.conftest import make_settings
from tests.services import postgres_database

from .corpus import statement
from .slow_pdf import zeros_pdf

CAMS = "cams_kfintech_cas_parser"
NSDL = "nsdl_cas_parser"
#: NSDL dearer than CAMS, so settling a CAMS statement gives credits back
COSTS = {**DEFAULT_CREDIT_COSTS, CAMS: 1.0, NSDL: 3.0}


class TripCountingPool(WorkerPool):
    """A real pool that remembers the job of every trip to a worker."""

    def __init__(self) -> None:
        super().__init__(size=2, memory_mb=1024, timeout=60)
        self.trips: list[str] = []

    def run(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self.trips.append(func.__name__)
        return super().run(func, *args, **kwargs)


@pytest.fixture(scope="module")
def pool() -> Iterator[TripCountingPool]:
    counting = TripCountingPool()
    yield counting
    counting.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    data_dir: Path = tmp_path_factory.mktemp("smart")
    if request.param == "sqlite":
        configured = make_settings(data_dir, credit_costs=COSTS)
        run_migrations(configured.resolved_database_url())
        yield configured
        dispose_engine(configured.resolved_database_url())
        return
    with postgres_database() as url:
        configured = make_settings(data_dir, credit_costs=COSTS, database_url=url)
        run_migrations(url)
        yield configured
        dispose_engine(url)


def _caller(settings: Settings, credits: float, **kwargs: Any) -> Principal:
    _, plaintext = create_key("smart", credits, settings=settings, **kwargs)
    return authenticate(plaintext, None, settings=settings)


def _rows(settings: Settings, principal: Principal) -> list[tuple[str, int, int]]:
    with session_scope(settings) as session:
        return [
            (row.feature, row.status_code, row.credits_milli)
            for row in session.exec(
                select(UsageLog)
                .where(col(UsageLog.key_id) == principal.key_id)
                .order_by(col(UsageLog.id))
            ).all()
        ]


def _smart(
    pool: WorkerPool, settings: Settings, principal: Principal, data: bytes, password: str | None
) -> Any:
    return parse_metered(
        data,
        password,
        None,
        principal=principal,
        request_id="req_smart",
        path="/v4/smart/parse",
        settings=settings,
        pool=pool,
    )


def _used(settings: Settings, principal: Principal) -> float:
    return float(credits_info(principal, settings=settings).used)


async def test_one_trip_charges_the_detected_kind(
    pool: TripCountingPool, settings: Settings
) -> None:
    cams = statement("CAMS", "DETAILED", 101)
    principal = _caller(settings, 10)
    pool.trips.clear()
    result = await _smart(pool, settings, principal, cams.pdf, cams.password)
    assert result["meta"]["cas_type"] == "CAMS_KFINTECH"
    assert pool.trips == ["_parse_job"]
    assert _used(settings, principal) == COSTS[CAMS]
    assert _rows(settings, principal) == [(CAMS, 200, round(COSTS[CAMS] * 1000))]


async def test_a_scan_is_parsed_via_ocr_for_the_same_credits(
    pool: TripCountingPool, settings: Settings
) -> None:
    from tests.scans import Noise, scan

    cams = statement("CAMS", "SUMMARY", 104, pages=1)
    scanned = scan(cams.pdf, [Noise(dpi=300, skew=1.0)], password=cams.password)
    principal = _caller(settings, 10)
    pool.trips.clear()
    result = await _smart(pool, settings, principal, scanned.pdf, None)
    assert result["meta"]["cas_type"] == "CAMS_KFINTECH"
    assert [p["page"] for p in result["meta"]["ocr"]["pages"]] == [1]
    # the parse pool asks for OCR, the OCR pool reads the page, the parse pool parses it
    assert pool.trips == ["_parse_job", "_parse_job"]
    assert _rows(settings, principal) == [(CAMS, 200, round(COSTS[CAMS] * 1000))]


async def test_a_failed_parse_gives_the_reservation_back(
    pool: TripCountingPool, settings: Settings
) -> None:
    principal = _caller(settings, 10)
    with pytest.raises(BadRequest):
        await _smart(pool, settings, principal, zeros_pdf(1), None)
    assert _used(settings, principal) == 0
    [(_, status, milli)] = _rows(settings, principal)
    assert (status, milli) == (400, 0)


async def test_the_reservation_is_the_dearest_kind_the_key_has(
    pool: TripCountingPool, settings: Settings
) -> None:
    cams = statement("CAMS", "DETAILED", 101)
    short = _caller(settings, COSTS[CAMS])  # enough for CAMS, not for the NSDL reservation
    with pytest.raises(InsufficientCredits):
        await _smart(pool, settings, short, cams.pdf, cams.password)
    cams_only = _caller(settings, COSTS[CAMS], features=[CAMS])
    await _smart(pool, settings, cams_only, cams.pdf, cams.password)
    assert _used(settings, cams_only) == COSTS[CAMS]


async def test_a_kind_the_key_lacks_is_forbidden_and_refunded(
    pool: TripCountingPool, settings: Settings
) -> None:
    cams = statement("CAMS", "DETAILED", 101)
    principal = _caller(settings, 10, features=[NSDL])
    with pytest.raises(Forbidden) as info:
        await _smart(pool, settings, principal, cams.pdf, cams.password)
    assert CAMS in info.value.message
    assert _used(settings, principal) == 0
    [(_, status, milli)] = _rows(settings, principal)
    assert (status, milli) == (403, 0)


async def test_concurrent_smart_parses_are_charged_exactly(
    pool: TripCountingPool, settings: Settings
) -> None:
    cams = statement("CAMS", "DETAILED", 101)
    budget = 7.0  # two NSDL-priced reservations fit, a third only after a settlement
    principal = _caller(settings, budget)
    outcomes = await asyncio.gather(
        *(_smart(pool, settings, principal, cams.pdf, cams.password) for _ in range(6)),
        return_exceptions=True,
    )
    succeeded = [o for o in outcomes if isinstance(o, dict)]
    refused = [o for o in outcomes if isinstance(o, InsufficientCredits)]
    assert len(succeeded) + len(refused) == len(outcomes) and succeeded
    assert _used(settings, principal) == len(succeeded) * COSTS[CAMS] <= budget
    rows = _rows(settings, principal)
    assert sum(milli for _, _, milli in rows) == len(succeeded) * round(COSTS[CAMS] * 1000)
    assert sorted(status for _, status, _ in rows) == [200] * len(succeeded) + [402] * len(refused)
