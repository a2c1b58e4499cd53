"""The engine against the generator's ground truth, field by field."""

from __future__ import annotations

from collections import Counter

import pytest

from core.models import TransactionType, UnifiedResponse
from core.parse import parse_statement

from .corpus import BIG, SMALL, comparable, differences, statement


def _check(generated) -> dict:
    result = parse_statement(generated.pdf, generated.password).to_dict()
    diffs = differences(generated.truth, comparable(result))
    assert not diffs, f"{generated.name}: {len(diffs)} differences, first: {diffs[:8]}"
    return result


@pytest.mark.parametrize(("issuer", "variant", "seed"), SMALL)
def test_small_statements_match_ground_truth(issuer: str, variant: str, seed: int) -> None:
    _check(statement(issuer, variant, seed, pages=2 + seed % 3))


@pytest.mark.parametrize(("issuer", "variant", "seed", "pages"), BIG)
def test_big_statements_match_ground_truth(
    issuer: str, variant: str, seed: int, pages: int
) -> None:
    generated = statement(issuer, variant, seed, pages)
    assert generated.pages >= pages
    _check(generated)


@pytest.mark.parametrize("issuer", ["CAMS", "KFINTECH"])
@pytest.mark.parametrize("variant", ["DETAILED", "SUMMARY"])
def test_reprinted_statement_without_watermark_still_parses(issuer: str, variant: str) -> None:
    generated = statement(issuer, variant, 300, pages=2, watermark=False)
    result = _check(generated)
    detection = result["meta"]["detection"]
    assert detection["reprinted"] is True and detection["watermark"] is False


def test_watermark_raises_confidence() -> None:
    plain = parse_statement(*_pdf(statement("CAMS", "DETAILED", 301)))
    reprint = parse_statement(*_pdf(statement("CAMS", "DETAILED", 301, watermark=False)))
    assert plain.meta and reprint.meta and plain.meta.detection and reprint.meta.detection
    assert (reprint.meta.detection.confidence or 0) < (plain.meta.detection.confidence or 0)


def _pdf(generated) -> tuple[bytes, str | None]:
    return generated.pdf, generated.password


def test_corpus_covers_every_transaction_type_and_quirk() -> None:
    seen: Counter[str] = Counter()
    for issuer, variant, seed in SMALL:
        if variant != "DETAILED":
            continue
        truth = statement(issuer, variant, seed, pages=2 + seed % 3).truth
        for folio in truth["mutual_funds"]:
            for scheme in folio["schemes"]:
                seen.update(t["type"] for t in scheme["transactions"])
    assert set(seen) == {t.value for t in TransactionType}, seen


def test_one_folio_number_under_two_amcs_stays_two_folios() -> None:
    truth = statement("CAMS", "DETAILED", 100, pages=2).truth
    numbers = Counter(f["folio_number"] for f in truth["mutual_funds"])
    shared = [n for n, c in numbers.items() if c > 1]
    assert shared, "the generator always plants one shared folio number"
    result = parse_statement(*_pdf(statement("CAMS", "DETAILED", 100, pages=2)))
    assert result.mutual_funds is not None
    amcs = {f.amc for f in result.mutual_funds if f.folio_number == shared[0]}
    assert len(amcs) == 2


def test_tampered_balance_is_reported_as_warning() -> None:
    generated = statement("KFINTECH", "DETAILED", 101, pages=2)
    result = parse_statement(generated.pdf, generated.password)
    assert result.warnings == []
    # the same statement with one printed closing balance altered
    from tests.statements import generate

    tampered = generate(
        issuer="KFINTECH",
        variant="DETAILED",
        seed=101,
        pages=2,
        encryption=None,
        tamper_closing=True,
    )
    parsed = parse_statement(tampered.pdf, None)
    warnings = parsed.warnings or []
    assert any("closing unit balance" in w for w in warnings), warnings
    assert result.meta.complete is True and result.meta.incomplete_sections is None
    assert parsed.meta.complete is False
    assert "mutual_funds.transactions" in (parsed.meta.incomplete_sections or [])


def test_model_dump_uses_contract_names() -> None:
    result = parse_statement(*_pdf(statement("CAMS", "SUMMARY", 102)))
    dumped = result.model_dump(exclude_none=True)
    assert "from" in dumped["meta"]["statement_period"]
    assert UnifiedResponse.model_validate(dumped) == result
