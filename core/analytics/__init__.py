"""Portfolio analytics over a parsed statement: capital gains (FIFO, the rules of each sale
date, grandfathering, Schedule 112A), returns (XIRR, invested, value, gain) and allocation.

Pure functions of the unified model; :func:`analyse_document` reads a history document first.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from core.accounts.principal import Principal
from core.errors import BadRequest
from core.history import get_document
from core.models.enums import CasType, StatementVariant
from core.models.unified import UnifiedResponse
from core.settings import Settings

from .allocation import allocation
from .gains import apply_rules, by_scheme, by_year, transaction_views
from .holdings import Holding, holdings, parse_day
from .lots import Ledger
from .returns import returns
from .schedule_112a import schedule_112a
from .views import AnalyticsView, CapitalGainsView

__all__ = ["AnalyticsView", "analyse", "analyse_document", "analyse_statement"]


def _as_of(statement: UnifiedResponse, schemes: list[Holding]) -> date:
    period = statement.meta.statement_period if statement.meta else None
    day = parse_day(period.to if period else None)
    if day is not None:
        return day
    days = [t.day for s in schemes for t in s.transactions]
    return max(days) if days else date.today()


def _scope_warnings(statement: UnifiedResponse) -> list[str]:
    meta = statement.meta
    if meta is not None and meta.cas_type in (CasType.NSDL, CasType.CDSL):
        return [
            "A depository statement (eCAS) lists holdings without their purchase history: "
            "capital gains and XIRR need a CAMS/KFintech detailed statement"
        ]
    variant = meta.detection.variant if meta and meta.detection else None
    if variant is StatementVariant.SUMMARY:
        return [
            "A summary statement has no transactions: capital gains and XIRR need a detailed one"
        ]
    return []


def analyse(statement: UnifiedResponse) -> AnalyticsView:
    """Gains, returns and allocation of one parsed statement."""
    warnings = _scope_warnings(statement)
    schemes = holdings(statement)
    ledger = Ledger(schemes)
    gains, fmv_warnings = apply_rules(ledger.run())
    warnings += ledger.warnings + fmv_warnings
    gains.sort(key=lambda g: (g.year, g.match.holding.name, g.match.holding.folio))
    capital_gains = CapitalGainsView(
        financial_years=by_year(gains),
        schemes=by_scheme(gains),
        transactions=transaction_views(gains),
        schedule_112a=schedule_112a(gains),
    )
    return AnalyticsView(
        returns=returns(schemes, _as_of(statement, schemes), ledger, warnings),
        capital_gains=capital_gains,
        allocation=allocation(statement, schemes),
        warnings=warnings,
    )


async def analyse_statement(statement: dict[str, Any]) -> AnalyticsView:
    """:func:`analyse` of a parsed statement's JSON, off the event loop."""
    return await asyncio.to_thread(analyse, UnifiedResponse.model_validate(statement))


async def analyse_document(
    principal: Principal, document_id: str, *, settings: Settings | None = None
) -> AnalyticsView:
    """:func:`analyse` of one of the caller's history documents (``NotFound`` if not theirs,
    ``BadRequest`` when it holds no parsed statement)."""
    document = await get_document(principal, document_id, settings=settings)
    statement = document.statement
    if statement is None or not (statement.mutual_funds or statement.demat_accounts):
        raise BadRequest(f"Document {document_id} holds no parsed statement to analyse")
    return await asyncio.to_thread(analyse, statement)
