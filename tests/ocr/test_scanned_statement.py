"""A scanned CAMS statement parses through the same code as the digital one, via the pools."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from core.errors import BadRequest
from core.isolation import WorkerPool, parse_in_worker
from core.settings import Settings
from tests.scans import Noise, scan
from tests.security import hostile
from tests.statements import generate


@pytest.fixture(scope="module")
def pool(ocr_settings: Settings) -> Iterator[WorkerPool]:
    workers = WorkerPool(2, ocr_settings.parse_memory_mb, 300)
    yield workers
    workers.close()


def _holdings(statement: dict[str, Any]) -> set[tuple[str, str, int, float]]:
    return {
        (
            folio["folio_number"],
            scheme["isin"],
            len(scheme.get("transactions") or []),
            scheme["units"],
        )
        for folio in statement["mutual_funds"]
        for scheme in folio["schemes"]
    }


def _transactions(statement: dict[str, Any]) -> list[tuple[str, float | None, float | None]]:
    return [
        (t["date"], t.get("units"), t.get("balance"))
        for folio in statement["mutual_funds"]
        for scheme in folio["schemes"]
        for t in scheme.get("transactions") or []
    ]


def _amounts(statement: dict[str, Any]) -> list[Any]:
    """What the statement's checksums cover: units and running balances of the rows that
    move units (tax rows without units are checked by nothing), and the valuations."""
    return [
        (t.get("units"), t.get("balance"), scheme.get("valuation"))
        for folio in statement["mutual_funds"]
        for scheme in folio["schemes"]
        for t in scheme.get("transactions") or [{}]
        if t.get("units") is not None
    ]


def test_a_scanned_cams_statement_parses_like_the_digital_one(
    pool: WorkerPool, ocr_settings: Settings
) -> None:
    made = generate(issuer="CAMS", variant="DETAILED", seed=3, pages=2, encryption=None)
    noise = Noise(dpi=300, skew=2.0, rotation=180, blur=0.6, jpeg_quality=70, speckles=100)
    scanned = scan(made.pdf, [noise], seed=4)
    parsed = asyncio.run(parse_in_worker(scanned.pdf, None, pool=pool, settings=ocr_settings))
    ocr = parsed["meta"]["ocr"]
    # every page of the image-only PDF was read by OCR
    assert [p["page"] for p in ocr["pages"]] == list(range(1, parsed["meta"]["pages"] + 1))
    assert all(p["rotation"] == 180 and p["engine"] == "tesseract" for p in ocr["pages"])
    assert _holdings(parsed) == _holdings(made.truth)
    truth = _transactions(made.truth)
    found = _transactions(parsed)
    recall = sum(1 for t in truth if t in found) / len(truth)
    assert recall >= 0.99
    misread = _amounts(parsed) != _amounts(made.truth)
    assert not misread or parsed.get("warnings"), "an amount misread must be reported"


def test_the_digital_statement_says_nothing_about_ocr(
    pool: WorkerPool, ocr_settings: Settings
) -> None:
    made = generate(issuer="KFINTECH", variant="SUMMARY", seed=2, pages=1, encryption=None)
    parsed = asyncio.run(parse_in_worker(made.pdf, made.password, pool=pool, settings=ocr_settings))
    assert "ocr" not in parsed["meta"]


def test_too_many_pages_to_read_are_refused(pool: WorkerPool) -> None:
    settings = Settings(ocr_max_pages=50)
    many = scan(hostile.image_only_pdf(), [Noise(dpi=200)]).pdf
    thousand = _repeat_pages(many, 1000)
    with pytest.raises(BadRequest, match="at most 50 pages"):
        asyncio.run(parse_in_worker(thousand, None, pool=pool, settings=settings))


def test_an_image_bomb_is_refused_before_it_is_decoded(pool: WorkerPool) -> None:
    bomb = hostile.image_bomb(20_000)
    settings = Settings(max_decompressed_bytes=1024 * 1024 * 1024)
    with pytest.raises(BadRequest, match="20000 x 20000 pixels"):
        asyncio.run(parse_in_worker(bomb, None, pool=pool, settings=settings))
    # the pool still serves
    made = generate(issuer="CAMS", variant="SUMMARY", seed=9, pages=1, encryption=None)
    parsed = asyncio.run(parse_in_worker(made.pdf, made.password, pool=pool, settings=settings))
    assert parsed["mutual_funds"]


def _repeat_pages(pdf: bytes, count: int) -> bytes:
    import io

    import pikepdf

    source = pikepdf.open(io.BytesIO(pdf))
    for _ in range(count - 1):
        source.pages.append(source.pages[0])
    out = io.BytesIO()
    source.save(out)
    return out.getvalue()
