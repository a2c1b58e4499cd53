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
from .cams_common import most_common, read_investor, read_portfolio_summary, statement_period
from .cams_detailed import read_detailed
from .cams_summary import read_summary
from .validate import printed_totals, running_balance, valuation


def parse(document: Document, detection: Detection) -> UnifiedResponse:
    first = document.layout(0)
    investor = read_investor(first)
    start, end = statement_period(first)
    warnings: list[str] = []
    if detection.variant is StatementVariant.SUMMARY:
        summary = read_summary(document)
        folios = summary.folios
        warnings += summary.warnings
        warnings += printed_totals(folios, {}, summary.total)
    else:
        detailed = read_detailed(document)
        folios = detailed.folios
        investor.pan = most_common(detailed.pans)
        warnings += detailed.warnings
        for state in detailed.schemes:
            label = f"{state.scheme.name} [{state.scheme.isin or '-'}]"
            rows = [(r.transaction.date, r.units, r.transaction.balance) for r in state.rows]
            warnings += running_balance(label, state.opening, rows, state.closing)
            warnings += valuation(label, state.closing, state.nav, state.value)
        per_amc, total = read_portfolio_summary(first.lines)
        warnings += printed_totals(folios, per_amc, total)
    if not folios:
        warnings.append("No folios were found in this statement.")
    return UnifiedResponse(
        meta=Meta(
            cas_type=CasType.CAMS_KFINTECH,
            statement_period=StatementPeriod.model_validate({"from": start, "to": end}),
        ),
        investor=investor,
        summary=_summary(folios),
        mutual_funds=folios,
        warnings=warnings,
    )


def _summary(folios: list[MutualFundFolio]) -> Summary:
    total = sum((f.value or Decimal(0) for f in folios), Decimal(0))
    return Summary(
        total_value=total,
        accounts=SummaryAccounts(mutual_funds=AccountTotal(count=len(folios), total_value=total)),
    )
