"""What analytics answers, named field for field like the messages of ``analytics.proto``.

Money stays ``Decimal`` (``Exact``) up to the edge; XIRR and shares are percentages.
"""

from __future__ import annotations

from decimal import Decimal

from core.models.unified import Exact
from core.views import View


class PortfolioReturnsView(View):
    xirr: float | None = None
    invested: Exact
    current_value: Exact
    gain: Exact
    gain_percentage: Exact | None = None


class FolioReturnsView(View):
    folio: str
    amc: str
    xirr: float | None = None
    invested: Exact
    current_value: Exact
    gain: Exact


class SchemeReturnsView(View):
    folio: str
    amc: str
    isin: str
    name: str
    type: str
    xirr: float | None = None
    invested: Exact
    current_value: Exact
    gain: Exact
    units: Exact


class ReturnsView(View):
    as_of: str
    portfolio: PortfolioReturnsView
    folios: list[FolioReturnsView]
    schemes: list[SchemeReturnsView]


class GainsYearView(View):
    financial_year: str
    equity_short_term: Exact = Decimal(0)
    equity_long_term: Exact = Decimal(0)
    equity_long_term_taxable: Exact = Decimal(0)
    other_short_term: Exact = Decimal(0)
    other_long_term: Exact = Decimal(0)
    other_long_term_taxable: Exact = Decimal(0)
    sale_value: Exact = Decimal(0)
    cost: Exact = Decimal(0)


class SchemeGainsView(View):
    financial_year: str
    folio: str
    isin: str
    name: str
    fund_class: str
    short_term: Exact
    long_term: Exact
    long_term_taxable: Exact
    sale_value: Exact
    cost: Exact


class GainTransactionView(View):
    financial_year: str
    folio: str
    isin: str
    name: str
    fund_class: str
    sale_type: str
    units: Exact
    purchase_date: str
    purchase_nav: Exact
    purchase_value: Exact
    stamp_duty: Exact
    sale_date: str
    sale_nav: Exact
    sale_value: Exact
    stt: Exact
    gain: Exact
    term: str
    taxable_gain: Exact | None = None
    grandfathered: bool
    fmv_nav: Exact | None = None
    rate: str


class Schedule112AView(View):
    financial_year: str
    csv: str


class CapitalGainsView(View):
    financial_years: list[GainsYearView]
    schemes: list[SchemeGainsView]
    transactions: list[GainTransactionView]
    schedule_112a: list[Schedule112AView]


class AllocationSliceView(View):
    name: str
    value: Exact
    percentage: Exact


class AllocationView(View):
    total: Exact
    by_amc: list[AllocationSliceView]
    by_fund_type: list[AllocationSliceView]
    by_asset_class: list[AllocationSliceView]
    by_account: list[AllocationSliceView]


class AnalyticsView(View):
    """The whole answer of ``POST /v4/analytics``."""

    returns: ReturnsView
    capital_gains: CapitalGainsView
    allocation: AllocationView
    warnings: list[str]
