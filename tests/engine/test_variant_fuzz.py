"""Fuzz over layout variants: every family, many seeds, every variant; nothing may be lost.

Each seed picks a layout variant (``seed % 4``; tests/statements/ecas_variants.py for eCAS, the
statement builder for CAMS/KFintech): wrapped headers, other column sets and widths, names cut
at other widths, the symbol beside the ISIN, repeated headers after page breaks, other phrasings
of headings and labels, AMCs whose name starts with a digit, joint folios headed by a co-holder.
The parse must equal the generator's ground truth exactly: every holding, folio, scheme and
transaction.

``CASGATE_FUZZ_SEEDS`` sets the seeds per family (default 25; 200 for the full run).
"""

from __future__ import annotations

import os

import pytest

from core.parse import parse_statement
from tests.statements import generate
from tests.statements.ecas import generate_ecas
from tests.statements.ecas_variants import VARIANTS

from .corpus import comparable, differences

SEEDS = int(os.environ.get("CASGATE_FUZZ_SEEDS", "25"))
FIRST = 10_000
FAMILIES = [
    ("CAMS", "DETAILED"),
    ("CAMS", "SUMMARY"),
    ("KFINTECH", "DETAILED"),
    ("KFINTECH", "SUMMARY"),
    ("NSDL", "ECAS"),
    ("CDSL", "ECAS"),
]


def _statement(issuer: str, variant: str, seed: int):  # type: ignore[no-untyped-def]
    if variant == "ECAS":
        return generate_ecas(depository=issuer, seed=seed, encryption=None)
    return generate(issuer=issuer, variant=variant, seed=seed, encryption=None)


def test_the_seeds_cover_every_variant() -> None:
    assert len(VARIANTS) <= SEEDS
    assert {seed % len(VARIANTS) for seed in range(FIRST, FIRST + SEEDS)} == set(
        range(len(VARIANTS))
    )


@pytest.mark.parametrize(("issuer", "variant"), FAMILIES)
@pytest.mark.parametrize("seed", range(FIRST, FIRST + SEEDS))
def test_every_variant_parses_to_its_ground_truth(issuer: str, variant: str, seed: int) -> None:
    g = _statement(issuer, variant, seed)
    result = parse_statement(g.pdf, None).to_dict()
    diffs = differences(g.truth, comparable(result))
    assert not diffs, f"{g.name}: {len(diffs)} differences, first: {diffs[:6]}"
