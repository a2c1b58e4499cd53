"""The statement's schemes as analytics reads them: identity, tax nature, dated transactions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.models.enums import TransactionType
from core.models.unified import Scheme, Transaction, UnifiedResponse

from .funds import FundNature, nature_of
from .money import ZERO

#: fewer units than this are rounding, not a holding
UNIT_NOISE = Decimal("0.001")


@dataclass(frozen=True, slots=True)
class DatedTransaction:
    day: date
    type: TransactionType
    amount: Decimal | None
    units: Decimal | None
    nav: Decimal | None


@dataclass
class Holding:
    """One scheme of one folio."""

    folio: str
    amc: str
    isin: str
    name: str
    type: str
    nature: FundNature
    units: Decimal
    value: Decimal
    cost: Decimal | None
    opening_units: Decimal
    transactions: list[DatedTransaction] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.name} (folio {self.folio})"

    @property
    def complete_history(self) -> bool:
        """True when the statement starts before the first unit was bought."""
        return self.opening_units < UNIT_NOISE


def parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _dated(txn: Transaction) -> DatedTransaction | None:
    day = parse_day(txn.date)
    if day is None:
        return None
    return DatedTransaction(
        day, txn.type or TransactionType.UNKNOWN, txn.amount, txn.units, txn.nav
    )


def _opening_units(scheme: Scheme, transactions: list[Transaction]) -> Decimal:
    info = scheme.additional_info
    if info is not None and info.open_units is not None:
        return info.open_units
    for txn in transactions:
        if txn.balance is not None and txn.units is not None:
            return txn.balance - txn.units
    return scheme.units or ZERO if not transactions else ZERO


def holdings(statement: UnifiedResponse) -> list[Holding]:
    """Every scheme of every mutual-fund folio, transactions oldest first."""
    found: list[Holding] = []
    for folio in statement.mutual_funds or []:
        for scheme in folio.schemes or []:
            txns = scheme.transactions or []
            dated = [d for d in (_dated(t) for t in txns) if d is not None]
            dated.sort(key=lambda d: d.day)  # stable: the printed order within a day
            units = scheme.units or ZERO
            nav = scheme.nav
            value = scheme.value
            if value is None:
                value = units * nav if nav is not None else ZERO
            name = scheme.name or scheme.isin or "?"
            found.append(
                Holding(
                    folio=folio.folio_number or "",
                    amc=folio.amc or "",
                    isin=scheme.isin or "",
                    name=name,
                    type=str(scheme.type) if scheme.type else "Other",
                    nature=nature_of(scheme.isin, name, scheme.type),
                    units=units,
                    value=value,
                    cost=scheme.cost,
                    opening_units=_opening_units(scheme, txns),
                    transactions=dated,
                )
            )
    return found
