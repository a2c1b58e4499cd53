"""Seeded synthetic NSDL and CDSL eCAS PDFs with their ground truth.

``generate_ecas(depository="NSDL" | "CDSL", seed=..., size=...)`` draws a portfolio,
lays it out as the depository prints it (with the quirks of statement-layouts.md) and returns
the encrypted PDF (password: the PAN) with the expected UnifiedResponse.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import ecas_cdsl, ecas_nsdl
from .ecas_portfolio import ECAS_QUIRKS, EcasBuilder, EcasPortfolio
from .ecas_render import draw_pages, finish, paginate
from .ecas_securities import EQUITY
from .ecas_truth import ground_truth
from .ecas_variants import SUB_DIVISION, EcasVariant, ecas_variant
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
    variant: int | None = None,
) -> GeneratedStatement:
    """An eCAS statement and its ground truth, fully determined by the arguments.

    ``size`` scales the number of holdings and folios; ``tamper_total`` prints a wrong grand
    total, to exercise reconciliation warnings; ``variant`` picks a layout variant
    (``ecas_variants.VARIANTS``; by default the seed chooses).
    """
    if depository not in META:
        raise ValueError(f"unknown depository {depository!r}")
    portfolio = EcasBuilder(depository, seed, size).build()
    v = ecas_variant(seed if variant is None else variant)
    _vary(portfolio, v)
    flags = {"hindi": True, "soft_hyphen": True}
    layout = ecas_nsdl if depository == "NSDL" else ecas_cdsl
    printed = portfolio.total
    if tamper_total:
        printed += Decimal("100.00")
    if depository == "NSDL":
        first = [ecas_nsdl.cover(portfolio), ecas_nsdl.summary_page(portfolio, printed)]
    else:
        first = [
            ecas_cdsl.cover(portfolio, printed, v),
            ecas_cdsl.summary_page(portfolio, printed, v),
        ]
    pages = paginate(first, layout.body(portfolio, flags, v))
    options: dict[str, object] = {"hindi": True, "twice": depository == "CDSL"}
    pdf = draw_pages(pages, META[depository], layout.banner, options, form=depository == "CDSL")
    password = portfolio.investor.pan
    pdf = finish(pdf, password if encryption else None, encryption)
    truth: dict[str, Any] = _drop_none(ground_truth(portfolio, v))
    truth["meta"]["pages"] = len(pages)
    name = f"{depository.lower()}-ecas-v{v.index}-s{seed}-p{len(pages)}"
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


def _vary(portfolio: EcasPortfolio, v: EcasVariant) -> None:
    """What a variant changes in the content: long names, balances the table form omits."""
    from dataclasses import replace

    for n, account in enumerate(portfolio.all_accounts()):
        for i, h in enumerate(account.holdings):
            if v.long_names and h.security.cls == EQUITY and (i + n) % 3 == 0:
                h.security = replace(h.security, name=h.security.name + SUB_DIVISION)
            if v.cdsl_summary_form and account.depository == "CDSL":
                h.locked = Decimal(0)  # the summary form prints the pledged balance only
