"""Seeded synthetic NSDL and CDSL eCAS PDFs with their ground truth.

``generate_ecas(depository="NSDL" | "CDSL", seed=..., size=...)`` draws a portfolio,
lays it out as the depository prints it (with the quirks of statement-layouts.md) and returns
the encrypted PDF (password: the PAN) with the expected UnifiedResponse.
"""

from __future__ import annotations

from typing import Any

from . import ecas_cdsl, ecas_nsdl
from .ecas_portfolio import ECAS_QUIRKS, EcasBuilder
from .ecas_render import draw_pages, finish, paginate
from .ecas_truth import ground_truth
from .statement import GeneratedStatement, _drop_none

META = {
    "NSDL": {
        "title": "NSDL-Consolidated Account Statement",
        "author": "NSDL",
        "creator": "NSDL-CAS Team",
    },
    "CDSL": {
        "title": "Central Depository Services (India) Ltd",
        "author": "CDSL",
        "creator": "CDSL CAS",
    },
}


def generate_ecas(
    *,
    depository: str = "NSDL",
    seed: int = 0,
    size: int = 2,
    encryption: str | None = "AES-256",
    tamper_total: bool = False,
) -> GeneratedStatement:
    """An eCAS statement and its ground truth, fully determined by the arguments.

    ``size`` scales the number of holdings and folios; ``tamper_total`` prints a wrong grand
    total, to exercise reconciliation warnings.
    """
    if depository not in META:
        raise ValueError(f"unknown depository {depository!r}")
    portfolio = EcasBuilder(depository, seed, size).build()
    flags = {"hindi": True, "soft_hyphen": True}
    layout = ecas_nsdl if depository == "NSDL" else ecas_cdsl
    printed = portfolio.total
    if tamper_total:
        from decimal import Decimal

        printed += Decimal("100.00")
    if depository == "NSDL":
        first = [ecas_nsdl.cover(portfolio), ecas_nsdl.summary_page(portfolio, printed)]
    else:
        first = [ecas_cdsl.cover(portfolio, printed), ecas_cdsl.summary_page(portfolio, printed)]
    pages = paginate(first, layout.body(portfolio, flags))
    options: dict[str, object] = {"hindi": True, "twice": depository == "CDSL"}
    pdf = draw_pages(pages, META[depository], layout.banner, options, form=depository == "CDSL")
    password = portfolio.investor.pan
    pdf = finish(pdf, password if encryption else None, encryption)
    truth: dict[str, Any] = _drop_none(ground_truth(portfolio))
    truth["meta"]["pages"] = len(pages)
    name = f"{depository.lower()}-ecas-s{seed}-p{len(pages)}"
    return GeneratedStatement(
        name=name,
        pdf=pdf,
        password=password if encryption else None,
        truth=truth,
        issuer=depository,
        variant="ECAS",
        pages=len(pages),
        seed=seed,
        encryption=encryption,
        peer_traps=set(ECAS_QUIRKS),
    )
