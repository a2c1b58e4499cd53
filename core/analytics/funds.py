"""What a scheme is for tax: equity-oriented, mostly debt, low in domestic equity, or between.

The SEBI category (casparser-isin's database, by ISIN) decides; without one, the statement's
scheme type and name do. Also the 31 January 2018 NAVs that grandfathering needs.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

from core.models.enums import SchemeType
from core.parsers.scheme_db import reference_row


class FundNature(StrEnum):
    #: at least 65% in domestic equity (sections 111A and 112A)
    EQUITY = "EQUITY"
    #: more than 65% in debt and money market: a specified fund under both definitions of 50AA
    DEBT = "DEBT"
    #: at most 35% domestic equity but not mostly debt (gold, overseas funds, most FoFs):
    #: a specified fund only under the first definition of 50AA (transfers to 31 March 2025)
    LOW_EQUITY = "LOW_EQUITY"
    #: neither (balanced hybrids, multi-asset funds)
    OTHER = "OTHER"


_DEBTLIKE = re.compile(
    r"\b(debt|bond|gilt|sdl|g-sec|gsec|liquid|money market|overnight|income|psu|crisil ibx|"
    r"nifty ibx|target maturity|treasury|floater|duration|corporate)\b",
    re.I,
)
_LOW_EQUITY = re.compile(
    r"\b(gold|silver|international|overseas|global|nasdaq|s&p|us |world|emerging|"
    r"greater china|japan|europe|asia)",
    re.I,
)
_EQUITY_HYBRIDS = ("arbitrage", "equity savings", "aggressive", "dynamic asset", "balanced adv")


def _from_category(category: str, name: str) -> FundNature | None:
    text = category.lower()
    if text.startswith("equity scheme") or text in ("elss", "growth"):
        return FundNature.EQUITY
    if text.startswith("debt scheme") or text in ("income", "gilt"):
        return FundNature.DEBT
    if text.startswith("hybrid scheme"):
        if any(kind in text for kind in _EQUITY_HYBRIDS):
            return FundNature.EQUITY
        return FundNature.DEBT if "conservative" in text else FundNature.OTHER
    if "gold" in text or "overseas" in text:
        return FundNature.LOW_EQUITY
    if text.startswith("other scheme"):
        if _DEBTLIKE.search(name):
            return FundNature.DEBT
        if _LOW_EQUITY.search(name):
            return FundNature.LOW_EQUITY
        # index funds and ETFs track equity indices; domestic FoFs hold a mix
        return FundNature.OTHER if "fof" in text else FundNature.EQUITY
    return None


def _from_type(kind: SchemeType | None, name: str) -> FundNature:
    if kind is SchemeType.EQUITY:
        return FundNature.EQUITY
    if kind is SchemeType.DEBT:
        return FundNature.DEBT
    if _LOW_EQUITY.search(name):
        return FundNature.LOW_EQUITY
    if kind is None and _DEBTLIKE.search(name):
        return FundNature.DEBT
    return FundNature.OTHER


@lru_cache(maxsize=4096)
def nature_of(isin: str | None, name: str, kind: SchemeType | None) -> FundNature:
    """The tax nature of a scheme."""
    row = (
        reference_row(
            "SELECT sebi_category, type FROM scheme WHERE isin = ? "
            "ORDER BY sebi_category IS NULL, id DESC LIMIT 1",
            (isin,),
        )
        if isin
        else None
    )
    if row is not None:
        category, coarse = (str(v) if v else "" for v in row)
        found = _from_category(category, name) if category else None
        if found is not None:
            return found
        if kind is None and coarse.upper() in ("EQUITY", "DEBT"):
            return FundNature(coarse.upper())
    return _from_type(kind, name)


@lru_cache(maxsize=4096)
def nav_on_31_jan_2018(isin: str | None) -> Decimal | None:
    """The scheme's NAV on 31 January 2018 (its fair market value for grandfathering), if known."""
    if not isin:
        return None
    row = reference_row("SELECT nav FROM nav20180131 WHERE isin = ?", (isin,))
    if row is None or row[0] in (None, ""):
        return None
    try:
        return Decimal(str(row[0]))
    except InvalidOperation:
        return None
