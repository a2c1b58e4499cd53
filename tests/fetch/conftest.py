"""Fixtures of the retrieval tests: the fake portals on loopback, settings pointing at them (the
real OCR captcha solver), and accounts with credits on each database backend."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from core.settings import Settings
from tests.batch.conftest import (  # noqa: F401  (fixtures)
    Account,
    _no_default_settings,
    account,
    database_url,
    end_batches,
    make_settings,
    other,
    redis_prefix,
)
from tests.fetch.fake_cdsl import FakeCdsl, Investor
from tests.fetch.fake_kfintech import FakeKfintech
from tests.statements.ecas import generate_ecas

PERIODS = ["2026-10", "2026-09", "2026-08"]
BO_ID = "1215014869200351"
DOB = "1985-08-15"


@cache
def statements() -> tuple[str, dict[str, bytes]]:
    """One investor's monthly CDSL statements (layout variants of one portfolio, so each month's
    bytes differ), protected with the investor's PAN; and that PAN."""
    pdfs = {
        p: generate_ecas(depository="CDSL", seed=3, size=1, variant=i)
        for i, p in enumerate(PERIODS)
    }
    pan = pdfs[PERIODS[0]].password
    assert pan is not None
    return pan, {period: generated.pdf for period, generated in pdfs.items()}


@pytest.fixture
def pan() -> str:
    return statements()[0]


@pytest.fixture
def cdsl() -> Iterator[FakeCdsl]:
    pan, pdfs = statements()
    portal = FakeCdsl(seed=7)
    portal.investors.append(
        Investor(pan=pan, bo_id=BO_ID, dob="15/08/1985", mobile="9876501234", statements=pdfs)
    )
    yield portal.start()
    portal.stop()


@pytest.fixture
def kfintech() -> Iterator[FakeKfintech]:
    portal = FakeKfintech(seed=11)
    portal.registered["investor@example.com"] = "ABCDE1234F"
    yield portal.start()
    portal.stop()


@pytest.fixture
def settings(
    database_url: str,  # noqa: F811
    tmp_path: Path,
    cdsl: FakeCdsl,
    kfintech: FakeKfintech,
) -> Iterator[Settings]:
    settings = make_settings(
        database_url,
        tmp_path,
        captcha_solver="ocr",
        cdsl_base_url=cdsl.url,
        kfintech_base_url=kfintech.url,
        portal_timeout_seconds=1.0,
        portal_max_retries=1,
        public_base_url="https://casgate.example",
    )
    yield settings
    end_batches(settings)
