"""A seeded random portfolio: investor, folios, schemes and their printed transaction rows.

Everything here is *what the statement says*; rendering (``render.py``) only decides where it
goes on the page, and ``truth.py`` turns it into the expected UnifiedResponse.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .catalog import SchemeIdentity, catalog
from .money import Q2, Q3, Q4, q

FIRST_NAMES = ["RAVI", "PRIYA", "ANIL", "MEERA", "SURESH", "KAVITHA", "ARJUN", "LAKSHMI", "JOSÉ"]
MIDDLE = ["KUMAR", "DEVI", "PRASAD", "R", "S", "MOHAN", ""]
LAST_NAMES = ["SHARMA", "IYER", "REDDY", "NAIR", "GUPTA", "D'COSTA", "FERNANDES", "MENON"]
HYPHENATED = ["ANNE-MARIE D'COSTA", "MARY-ANN PEREIRA", "JEAN-PAUL FERNANDES"]
CITIES = [
    ("Bengaluru", "Karnataka", "560001"),
    ("Mumbai", "Maharashtra", "400050"),
    ("Chennai", "Tamil Nadu", "600028"),
    ("Pune", "Maharashtra", "411004"),
    ("Kochi", "Kerala", "682016"),
    ("Hyderabad", "Telangana", "500034"),
]


@dataclass
class Investor:
    name: str
    email: str
    mobile: str
    address: list[str]
    pincode: str
    pan: str
    phone_off: str | None


@dataclass
class Row:
    """One printed transaction row (plus an optional wrapped continuation)."""

    date: date
    description: str
    type: str
    amount: Decimal | None = None
    units: Decimal | None = None  # true signed units
    nav: Decimal | None = None
    balance: Decimal | None = None
    dividend_rate: Decimal | None = None
    cosmetic_parens: bool = False  # printed in parens although the true sign is positive
    doubled_date: bool = False


@dataclass
class SchemeBlock:
    ident: SchemeIdentity
    advisor: str | None
    nominees: list[str]
    opening: Decimal
    closing: Decimal = Decimal(0)
    nav: Decimal = Decimal(0)
    value: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    rows: list[Row] = field(default_factory=list)
    isin_split: bool = False
    registrar_split: bool = False
    formerly: str | None = None


@dataclass
class FolioBlock:
    amc: str
    number: str
    pan: str
    kyc: str
    pankyc: str
    holder: str | None
    schemes: list[SchemeBlock] = field(default_factory=list)


@dataclass
class Portfolio:
    issuer: str  # CAMS | KFINTECH
    start: date
    end: date
    investor: Investor
    folios: list[FolioBlock] = field(default_factory=list)

    def amcs(self) -> list[str]:
        seen: list[str] = []
        for folio in self.folios:
            if folio.amc not in seen:
                seen.append(folio.amc)
        return seen


def make_pan(rng: random.Random, surname: str) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    head = "".join(rng.choice(letters) for _ in range(3)) + "P" + surname[0]
    return f"{head}{rng.randint(1000, 9999)}{rng.choice(letters)}"


def make_investor(rng: random.Random, issuer: str, hyphenated: bool) -> Investor:
    if hyphenated:
        name = rng.choice(HYPHENATED)
    else:
        parts = [rng.choice(FIRST_NAMES), rng.choice(MIDDLE), rng.choice(LAST_NAMES)]
        name = " ".join(p for p in parts if p)
    city, state, pin = rng.choice(CITIES)
    address = [
        f"Flat {rng.randint(1, 40)}, {rng.choice(['Lotus', 'Palm', 'Silver Oak'])} Apartments",
        f"{rng.randint(1, 12)}th Cross, {rng.choice(['Ring Road', 'MG Road', 'Park Street'])}",
        f"{city} {pin}",
        f"{state} India",
    ]
    surname = name.split()[-1].strip("'")
    mail_user = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalpha())[:12]
    return Investor(
        name=name,
        email=f"{mail_user}{rng.randint(1, 99)}@example.com",
        mobile=f"+919{rng.randint(100000000, 999999999)}",
        address=address,
        pincode=pin,
        pan=make_pan(rng, surname),
        phone_off=f"080-{rng.randint(2000000, 9999999)}" if issuer == "KFINTECH" else None,
    )


def _short(ident: SchemeIdentity) -> str:
    return ident.name.split(" - ")[0]


class RowMaker:
    """Draws a plausible life of one scheme over the period, row by printed row."""

    def __init__(self, rng: random.Random, issuer: str, block: SchemeBlock, others: list[str]):
        self.rng = rng
        self.issuer = issuer
        self.block = block
        self.others = others
        self.nav = q(Decimal(str(rng.uniform(12, 300))), Q4)
        self.balance = block.opening
        self.cost = q(block.opening * self.nav * Decimal(str(rng.uniform(0.7, 1.05))), Q2)
        self.instalment = 0
        self.pending_reversal: Row | None = None
        self.pending_extinguish: Row | None = None

    # ------------------------------------------------------------------ helpers
    def _drift(self) -> None:
        self.nav = q(self.nav * Decimal(str(1 + self.rng.uniform(-0.03, 0.04))), Q4)

    def _buy(self, day: date, desc: str, kind: str) -> list[Row]:
        gross = Decimal(self.rng.choice([500, 1000, 2500, 5000, 10000, 25000, 50000, 100000]))
        stamp = max(q(gross * Decimal("0.00005"), Q2), Decimal("0.01"))
        net = gross - stamp
        units = q(net / self.nav, Q3)
        self.balance += units
        self.cost += net
        row = Row(day, desc, kind, net, units, self.nav, self.balance)
        return [row, Row(day, "*** Stamp Duty ***", "STAMP_DUTY_TAX", stamp)]

    def _sell(self, day: date, desc: str, kind: str) -> list[Row]:
        fraction = Decimal(str(self.rng.uniform(0.05, 0.6)))
        units = max(q(self.balance * fraction, Q3), Decimal("0.001"))
        amount = q(units * self.nav, Q2)
        self.cost = q(self.cost * (self.balance - units) / self.balance, Q2)
        self.balance -= units
        rows = [Row(day, desc, kind, -amount, -units, self.nav, self.balance)]
        if self.block.ident.scheme_type in ("Equity", "Hybrid"):
            stt = max(q(amount * Decimal("0.00001"), Q2), Decimal("0.01"))
            rows.append(Row(day, "*** STT Paid ***", "STT_TAX", stt))
        return rows

    def _other(self) -> str:
        return self.rng.choice(self.others)

    # ------------------------------------------------------------------ events
    def event(self, day: date, kind: str) -> list[Row]:
        self._drift()
        rng, kfin = self.rng, self.issuer == "KFINTECH"
        if kind == "purchase":
            desc = rng.choice(["Purchase", "Additional Purchase", "Purchase-BSE", "New Purchase"])
            return self._buy(day, desc, "PURCHASE")
        if kind == "sip":
            self.instalment += 1
            n = self.instalment
            desc = rng.choice(
                [
                    f"SIP Purchase - Instalment {n}/12",
                    f"Systematic Investment ({n})",
                    f"SIP Purchase-BSE - Instalment No {n + 100}",
                ]
            )
            rows = self._buy(day, desc, "PURCHASE_SIP")
            if rng.random() < 0.25:
                self.pending_reversal = rows[0]
            return rows
        if kind == "redemption":
            desc = rng.choice(
                [
                    "Redemption",
                    "Redemption - ELECTRONIC PAYMENT",
                    "Partial Redemption",
                    "SWP Redemption - Instalment 2",
                ]
            )
            return self._sell(day, desc, "REDEMPTION")
        if kind in ("switch_in", "stp_in", "merger_in"):
            other = self._other()
            if kind == "switch_in":
                head, tail = "Switch-In - From", other
            elif kind == "merger_in":
                head, tail = "Switch In - Merger - From", other
            elif kfin:
                head, tail = "S T P In", f"({other})"
            else:
                head, tail = "Systematic Transfer Plan Switch In - From", other
            desc = f"{head} {tail}"
            kind_name = "SWITCH_IN_MERGER" if kind == "merger_in" else "SWITCH_IN"
            return self._buy(day, desc, kind_name)
        if kind in ("switch_out", "stp_out", "merger_out"):
            other = self._other()
            if kind == "switch_out":
                text = f"Switch-Out - To {other}"
            elif kind == "merger_out":
                text = f"Switch Out - Merger - To {other}"
            elif kfin:
                text = f"S T P Out ({other})"
            else:
                text = f"Systematic Transfer Plan Switch Out - To {other}"
            desc = text
            kind_name = "SWITCH_OUT_MERGER" if kind == "merger_out" else "SWITCH_OUT"
            return self._sell(day, desc, kind_name)
        if kind == "div_payout":
            rate = Decimal(rng.choice(["0.06", "0.75", "1.20", "0.50", "2.10"]))
            amount = q(self.balance * rate, Q2)
            rows = [
                Row(
                    day,
                    f"IDCW Paid @ Rs.{rate} per unit",
                    "DIVIDEND_PAYOUT",
                    amount,
                    dividend_rate=rate,
                )
            ]
            if amount >= 100:
                rows.append(Row(day, "*** TDS on Above ***", "TDS_TAX", q(amount / 10, Q2)))
            return rows
        if kind == "div_reinvest":
            rate = Decimal(rng.choice(["0.0241", "0.50", "0.10", "1.25"]))
            amount = q(self.balance * rate, Q2)
            units = q(amount / self.nav, Q3)
            self.balance += units
            self.cost += amount
            desc = rng.choice(
                [
                    f"IDCW Reinvested @ Rs.{rate} per unit",
                    f"Div. Reinvested @ Rs.{rate} per unit",
                    f"Reinvestment of IDCW @ Rs.{rate} per unit",
                ]
            )
            return [
                Row(
                    day,
                    desc,
                    "DIVIDEND_REINVEST",
                    amount,
                    units,
                    self.nav,
                    self.balance,
                    dividend_rate=rate,
                )
            ]
        if kind == "marker":
            desc = rng.choice(
                [
                    "***Registration of Nominee***",
                    "***Address Updated from KRA Data***",
                    "*** Change of Bank Mandate ***",
                ]
            )
            return [Row(day, desc, "MISC")]
        if kind == "zero_sip":
            amount = Decimal(rng.choice([1000, 2000, 5000]))
            return [Row(day, "Zero balance SIP - Registered", "MISC", q(amount, Q2))]
        if kind == "reversal":
            source = self.pending_reversal
            assert source is not None and source.units is not None and source.amount is not None
            self.pending_reversal = None
            self.balance -= source.units
            self.cost -= source.amount
            desc = rng.choice(
                [
                    "Rejection - Payment not received from investor",
                    "Reversal - Cheque Dishonoured",
                    "Purchase Reversal - Insufficient Balance",
                ]
            )
            return [
                Row(day, desc, "REVERSAL", -source.amount, -source.units, source.nav, self.balance)
            ]
        if kind in ("gift_in", "gift_out"):
            other = str(rng.randint(10**9, 10**10 - 1))
            if kind == "gift_in":
                desc = (
                    f"Gifting of units-FROM Folio No: {other}"
                    if kfin
                    else (f"Gift - Transfer in from Folio No.{other}")
                )
                units = q(Decimal(str(rng.uniform(5, 80))), Q3)
                amount = q(units * self.nav, Q2)
                self.balance += units
                self.cost += amount
                return [Row(day, desc, "MISC", amount, units, self.nav, self.balance)]
            desc = (
                f"Gifting of units-TO Folio No: {other}"
                if kfin
                else (f"Gift - Transfer out to Folio No.{other}")
            )
            return self._sell(day, desc, "MISC")[:1]
        if kind == "extinguish":
            rows = self._sell(day, "Payment - Units Extinguished", "REDEMPTION")[:1]
            self.pending_extinguish = rows[0]
            return rows
        if kind == "extinguish_reversed":
            source = self.pending_extinguish
            assert source is not None and source.units is not None and source.amount is not None
            self.pending_extinguish = None
            self.balance -= source.units
            self.cost -= source.amount
            return [
                Row(
                    day,
                    "Payment - Units Extinguished-Reversed",
                    "REVERSAL",
                    -source.amount,
                    -source.units,
                    source.nav,
                    self.balance,
                    cosmetic_parens=True,
                )
            ]
        if kind == "unknown":
            return [
                Row(
                    day,
                    "Units Consolidation - Adjustment",
                    "UNKNOWN",
                    Decimal("0.00"),
                    Decimal("0.000"),
                    self.nav,
                    self.balance,
                )
            ]
        raise ValueError(kind)

    def possible(self) -> list[str]:
        kinds = ["purchase", "sip", "switch_in", "stp_in", "merger_in", "marker", "zero_sip"]
        kinds += ["gift_in"]
        if self.balance > 1:
            kinds += [
                "redemption",
                "redemption",
                "switch_out",
                "stp_out",
                "merger_out",
                "div_payout",
                "div_reinvest",
                "gift_out",
                "unknown",
            ]
            if self.issuer == "KFINTECH" and self.pending_extinguish is None:
                kinds.append("extinguish")
        pending = self.pending_reversal
        if pending is not None and pending.units is not None and self.balance > pending.units:
            kinds += ["reversal"] * 3
        if self.pending_extinguish is not None:
            kinds += ["extinguish_reversed"] * 3
        return kinds

    def finish(self) -> None:
        block = self.block
        self._drift()
        block.closing = self.balance
        block.nav = self.nav
        block.value = q(self.balance * self.nav, Q2)
        block.cost = max(q(self.cost, Q2), Decimal(0)) if self.balance > 0 else Decimal("0.00")


def random_days(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    span = (end - start).days
    return sorted(start + timedelta(days=rng.randint(1, span - 1)) for _ in range(count))


def scheme_pool(rng: random.Random, issuer: str) -> list[SchemeIdentity]:
    pool = list(catalog())
    rng.shuffle(pool)
    # a KFintech statement still lists CAMS-serviced schemes and vice versa; favour the issuer
    pool.sort(key=lambda s: 0 if s.registrar == issuer else 1 if rng.random() < 0.5 else 0)
    return pool


def fill_scheme(
    rng: random.Random,
    issuer: str,
    block: SchemeBlock,
    start: date,
    end: date,
    events: int,
    others: list[str],
    required: list[str] | None = None,
) -> None:
    maker = RowMaker(rng, issuer, block, others)
    days = random_days(rng, start, end, events)
    todo = list(required or [])
    for day in days:
        options = maker.possible()
        kind = next((k for k in todo if k in options), None)
        if kind is not None:
            todo.remove(kind)
        else:
            kind = rng.choice(options)
        block.rows.extend(maker.event(day, kind))
    maker.finish()
