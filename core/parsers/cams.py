"""CAMS / KFintech statements (detailed or summary) → UnifiedResponse."""

from __future__ import annotations

from decimal import Decimal

from ..detect import Detection
from ..models import (
    AccountTotal,
    CasType,
    Meta,
    MutualFundFolio,
    StatementPeriod,
    StatementVariant,
    Summary,
    SummaryAccounts,
    UnifiedResponse,
)
from ..pdf import Document
from .cams_common import (
    investor_pan,
    most_common,
    read_investor,
    read_portfolio_summary,
    statement_period,
)
from .cams_detailed import read_detailed
from .cams_summary import read_summary
from .completeness import mark
from .validate import printed_totals, running_balance, valuation


def parse(document: Document, detection: Detection) -> UnifiedResponse:
    first = document.layout(0)
    investor = read_investor(first)
    start, end = statement_period(first)
    warnings: list[str] = []
    folio_checks: list[str] = []
    balance_checks: list[str] = []
    if detection.variant is StatementVariant.SUMMARY:
        summary = read_summary(document)
        folios = summary.folios
        warnings += summary.warnings
        folio_checks += printed_totals(folios, {}, summary.total)
    else:
        detailed = read_detailed(document)
        folios = detailed.folios
        investor.pan = investor_pan(folios, investor.name) or most_common(detailed.pans)
        warnings += detailed.warnings
        for state in detailed.schemes:
            label = f"{state.scheme.name} [{state.scheme.isin or '-'}]"
            rows = [(r.transaction.date, r.units, r.transaction.balance) for r in state.rows]
            balance_checks += running_balance(label, state.opening, rows, state.closing)
            folio_checks += valuation(label, state.closing, state.nav, state.value)
        per_amc, total = read_portfolio_summary(first.lines)
        folio_checks += printed_totals(folios, per_amc, total)
    if not folios:
        folio_checks.append("No folios were found in this statement.")
    meta = Meta(
        cas_type=CasType.CAMS_KFINTECH,
        statement_period=StatementPeriod.model_validate({"from": start, "to": end}),
    )
    checks = {"mutual_funds": folio_checks, "mutual_funds.transactions": balance_checks}
    return UnifiedResponse(
        meta=mark(meta, checks),
        investor=investor,
        summary=_summary(folios),
        mutual_funds=folios,
        warnings=warnings + balance_checks + folio_checks,
    )


def _summary(folios: list[MutualFundFolio]) -> Summary:
    total = sum((f.value or Decimal(0) for f in folios), Decimal(0))
    return Summary(
        total_value=total,
        accounts=SummaryAccounts(mutual_funds=AccountTotal(count=len(folios), total_value=total)),
    )
