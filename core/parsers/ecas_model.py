"""Building blocks of an eCAS result: holdings, demat movements, folios, totals and warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ..models import AccountTotal, Summary, SummaryAccounts, TransactionType
from ..models.unified import (
    DematAccount,
    DematAdditionalInfo,
    Holding,
    HoldingAdditionalInfo,
    Holdings,
    LinkedHolder,
    Transaction,
    TransactionAdditionalInfo,
)
from .validate import MONEY_TOLERANCE, UNITS_TOLERANCE


class HoldingClass(StrEnum):
    """Holding classes, named as the unified model's ``holdings`` lists."""

    EQUITY = "equities"
    MF = "demat_mutual_funds"
    BOND = "corporate_bonds"
    GSEC = "government_securities"
    AIF = "aifs"


_NEUTRAL = re.compile(r"bonus|transfer|pledge|lock|freez|demat|remat", re.I)


def classify_isin(isin: str, name: str = "") -> HoldingClass:
    """Holding class from the ISIN's structure (issuer type and security code).

    ``IN`` + digit is a government issuer (sovereign gold bonds included); ``INF`` is a fund
    (security code ``22`` an AIF); a company's security code ``01`` is an equity share, anything
    else a bond or debenture.
    """
    if isin[2].isdigit() and isin[2] != "9":
        return HoldingClass.GSEC
    if isin[2] == "F":
        return HoldingClass.AIF if isin[7:9] == "22" else HoldingClass.MF
    if isin[7:9] == "01" and not re.search(r"\b(NCD|BOND|DEBENTURE|BD)\b", name):
        return HoldingClass.EQUITY
    return HoldingClass.BOND


def movement_type(description: str, units: Decimal) -> TransactionType:
    if _NEUTRAL.search(description):
        return TransactionType.MISC
    return TransactionType.PURCHASE if units > 0 else TransactionType.REDEMPTION


@dataclass
class Movement:
    date: str | None
    description: str
    credit: Decimal | None
    debit: Decimal | None
    balance: Decimal | None
    order_no: str | None = None
    stamp_duty: Decimal | None = None

    @property
    def units(self) -> Decimal:
        return (self.credit or Decimal(0)) - (self.debit or Decimal(0))

    def model(self) -> Transaction:
        info = TransactionAdditionalInfo(
            credit=self.credit,
            debit=self.debit,
            order_no=self.order_no,
            stamp_duty=self.stamp_duty,
        )
        return Transaction(
            date=self.date,
            description=self.description,
            type=movement_type(self.description, self.units),
            units=self.units,
            balance=self.balance,
            additional_info=info,
        )


@dataclass
class SecurityTerms:
    """What a statement prints about the security itself rather than the holding."""

    face_value: Decimal | None = None
    coupon_rate: Decimal | None = None
    coupon_frequency: str | None = None
    maturity_date: str | None = None
    #: SUSPENDED, UNLISTED or UNDER_LIQUIDATION (see :data:`LISTING_MARKERS`)
    listing_status: str | None = None


#: CDSL's status markers beside a security's name
LISTING_MARKERS = {"@": "SUSPENDED", "!!": "UNLISTED", "##": "UNDER_LIQUIDATION"}


@dataclass
class Position:
    isin: str
    name: str
    cls: HoldingClass
    units: Decimal
    value: Decimal
    price: Decimal | None = None
    symbol: str | None = None
    pledged: Decimal | None = None
    locked: Decimal | None = None
    frozen: Decimal | None = None
    free: Decimal | None = None
    movements: list[Movement] = field(default_factory=list)
    terms: SecurityTerms = field(default_factory=lambda: SecurityTerms())

    def model(self) -> Holding:
        opening = self.units - sum((m.units for m in self.movements), Decimal(0))
        info = HoldingAdditionalInfo(
            open_units=opening,
            close_units=self.units,
            price=self.price,
            symbol=self.symbol,
            face_value=self.terms.face_value,
            coupon_rate=self.terms.coupon_rate,
            coupon_frequency=self.terms.coupon_frequency,
            maturity_date=self.terms.maturity_date,
            listing_status=self.terms.listing_status,
        )
        encumbered = False
        for key in ("pledged", "locked", "frozen"):
            amount = getattr(self, key)
            if amount:
                setattr(info, f"{key}_units", amount)
                encumbered = True
        if encumbered:
            free = self.free
            if free is None:
                free = self.units - sum(
                    (a for a in (self.pledged, self.locked, self.frozen) if a), Decimal(0)
                )
            info.free_units = free
        return Holding(
            isin=self.isin,
            name=self.name,
            units=self.units,
            value=self.value,
            additional_info=info,
            transactions=[m.model() for m in self.movements],
        )

    def warnings(self) -> list[str]:
        out = []
        label = f"{self.name} [{self.isin}]"
        if self.price is not None:
            expected = self.units * self.price
            if abs(expected - self.value) > max(MONEY_TOLERANCE, abs(self.value) / 10000):
                out.append(
                    f"{label}: value {self.value} is not units {self.units} x price {self.price}."
                )
        for m in self.movements:
            if m.balance is not None and m.balance < 0:
                out.append(f"{label}: negative balance on {m.date}.")
        if self.movements and self.movements[-1].balance is not None:
            last = self.movements[-1].balance
            if abs(last - self.units) > UNITS_TOLERANCE:
                out.append(
                    f"{label}: last transaction balance {last} differs from the holding "
                    f"{self.units}."
                )
        return out


@dataclass
class Account:
    demat_type: str
    dp_id: str
    client_id: str
    dp_name: str | None = None
    printed_value: Decimal | None = None
    holders: list[tuple[str, str]] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.demat_type, self.dp_id, self.client_id)

    def position(self, isin: str) -> Position | None:
        return next((p for p in self.positions if p.isin == isin), None)

    def model(self) -> DematAccount:
        holdings = Holdings()
        for cls in HoldingClass:
            rows = [p.model() for p in self.positions if p.cls == cls]
            if rows:
                setattr(holdings, cls, rows)
        info = DematAdditionalInfo(
            linked_pans=[pan for _, pan in self.holders] or None, **self.info
        )
        value = self.printed_value
        if value is None:
            value = sum((p.value for p in self.positions), Decimal(0))
        return DematAccount(
            demat_type=self.demat_type,
            dp_id=self.dp_id,
            dp_name=self.dp_name,
            client_id=self.client_id,
            bo_id=self.dp_id + self.client_id,
            value=value,
            linked_holders=[LinkedHolder(name=n, pan=p) for n, p in self.holders],
            additional_info=info,
            holdings=holdings,
        )

    def warnings(self) -> list[str]:
        out = [w for p in self.positions for w in p.warnings()]
        got = sum((p.value for p in self.positions), Decimal(0))
        if self.printed_value is not None and abs(got - self.printed_value) > MONEY_TOLERANCE:
            out.append(
                f"{self.demat_type} account {self.dp_id}/{self.client_id}: printed value "
                f"{self.printed_value} but its holdings add up to {got}."
            )
        return out


def summary(
    demat: list[Account],
    folio_values: list[Decimal],
    nps: list[Decimal],
    printed_total: Decimal | None,
) -> tuple[Summary, list[str]]:
    """Totals of the statement, and a warning when they miss the printed portfolio value."""
    demat_total = sum(
        (a.printed_value if a.printed_value is not None else Decimal(0) for a in demat), Decimal(0)
    )
    mf_total = sum(folio_values, Decimal(0))
    nps_total = sum(nps, Decimal(0))
    total = demat_total + mf_total + nps_total
    warnings = []
    if printed_total is not None and abs(total - printed_total) > MONEY_TOLERANCE:
        warnings.append(
            f"Printed portfolio value {printed_total} but the accounts add up to {total}."
        )
    accounts = SummaryAccounts(
        demat=AccountTotal(count=len(demat), total_value=demat_total),
        mutual_funds=AccountTotal(count=len(folio_values), total_value=mf_total),
        nps=AccountTotal(count=len(nps), total_value=nps_total) if nps else None,
    )
    value = printed_total if printed_total is not None else total
    return Summary(total_value=value, accounts=accounts), warnings
