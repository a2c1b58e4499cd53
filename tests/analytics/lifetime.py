"""Seeded CAMS/KFintech statements that cover whole lives of holdings (zero opening balances):
purchases and SIPs, redemptions, switches between schemes of a folio (both sides on one day),
reinvested and paid dividends, stamp duty (from July 2020) and STT, and optionally a merger of
one scheme into another. From 2015 to 2025, so sales fall under every rule: exempt equity
gains, grandfathering, the April 2023 specified-fund change and the July 2024 changes.

Every scheme has one NAV a day (a deterministic walk), so what a statement says is consistent
the way a registrar's is. ``statement(seed)`` gives the ground truth (the UnifiedResponse the
engine must read) and, when asked, the rendered PDF.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from core.analytics.funds import FundNature, nature_of
from tests.statements.catalog import SchemeIdentity, catalog
from tests.statements.money import Q2, Q3, Q4, q
from tests.statements.portfolio import FolioBlock, Portfolio, Row, SchemeBlock, make_investor
from tests.statements.render import detailed_layout, draw_layout
from tests.statements.statement import _drop_none
from tests.statements.truth import ground_truth

START, END = date(2015, 4, 1), date(2025, 9, 30)
STAMP_DUTY_FROM = date(2020, 7, 1)


def _nav_walk(rng: random.Random, start: date, end: date) -> dict[date, Decimal]:
    navs: dict[date, Decimal] = {}
    nav = Decimal(str(rng.uniform(10, 400)))
    drift = rng.uniform(-0.02, 0.18) / 365
    day = start
    while day <= end:
        nav *= Decimal(str(1 + drift + rng.uniform(-0.006, 0.006)))
        navs[day] = q(nav, Q4)
        day += timedelta(days=1)
    return navs


@dataclass
class _Life:
    block: SchemeBlock
    navs: dict[date, Decimal]
    equity: bool
    balance: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)
    used: set[date] = field(default_factory=set)
    closed: bool = False

    def free(self, day: date) -> bool:
        return not self.closed and day not in self.used

    def add(self, row: Row) -> None:
        self.block.rows.append(row)
        self.used.add(row.date)


def _buy(life: _Life, day: date, gross: Decimal, kind: str, desc: str) -> None:
    nav = life.navs[day]
    stamp = q(gross * Decimal("0.00005"), Q2) if day >= STAMP_DUTY_FROM else Decimal(0)
    net = gross - stamp
    units = q(net / nav, Q3)
    life.balance += units
    life.cost += net
    life.add(Row(day, desc, kind, net, units, nav, life.balance))
    if stamp:
        life.add(Row(day, "*** Stamp Duty ***", "STAMP_DUTY_TAX", stamp))


def _sell(life: _Life, day: date, units: Decimal, kind: str, desc: str) -> Decimal:
    nav = life.navs[day]
    amount = q(units * nav, Q2)
    life.cost = (
        q(life.cost * (life.balance - units) / life.balance, Q2) if life.balance else life.cost
    )
    life.balance -= units
    life.add(Row(day, desc, kind, -amount, -units, nav, life.balance))
    if life.equity:
        stt = max(q(amount * Decimal("0.00001"), Q2), Decimal("0.01"))
        life.add(Row(day, "*** STT Paid ***", "STT_TAX", stt))
    return amount


class _Builder:
    def __init__(self, seed: int, mergers: bool, schemes: int, events: tuple[int, int]) -> None:
        self.events = events
        self.rng = random.Random(seed)
        self.mergers = mergers
        issuer = self.rng.choice(["CAMS", "KFINTECH"])
        self.portfolio = Portfolio(issuer, START, END, make_investor(self.rng, issuer, False))
        self.wanted = schemes

    def _identities(self) -> list[list[SchemeIdentity]]:
        by_amc: dict[str, list[SchemeIdentity]] = {}
        for ident in catalog():
            by_amc.setdefault(ident.amc, []).append(ident)
        amcs = sorted(a for a, members in by_amc.items() if len(members) >= 6)
        self.rng.shuffle(amcs)
        groups = []
        left = self.wanted
        for amc in amcs:
            members = sorted(by_amc[amc], key=lambda s: s.isin)
            self.rng.shuffle(members)
            equity = [m for m in members if nature_of(m.isin, m.name, None) is FundNature.EQUITY]
            rest = [m for m in members if m not in equity]
            take = max(2, min(left, self.rng.randint(2, 4)))
            picked = equity[: max(1, take - 1)] + rest[:1]
            groups.append(picked[:take])
            left -= len(groups[-1])
            if left <= 0:
                break
        return groups

    def build(self) -> Portfolio:
        rng = self.rng
        for group in self._identities():
            folio = FolioBlock(
                group[0].amc, str(rng.randint(10**7, 10**10)), self.portfolio.investor.pan,
                "OK", "OK", self.portfolio.investor.name,
            )  # fmt: skip
            lives = []
            for ident in group:
                block = SchemeBlock(ident, "DIRECT", [], Decimal(0))
                folio.schemes.append(block)
                equity = nature_of(ident.isin, ident.name, None) is FundNature.EQUITY
                lives.append(_Life(block, _nav_walk(rng, START, END), equity))
            self._live(lives)
            for life in lives:
                self._finish(life)
            self.portfolio.folios.append(folio)
        return self.portfolio

    def _live(self, lives: list[_Life]) -> None:
        rng = self.rng
        days = sorted({START + timedelta(days=rng.randint(0, (END - START).days - 1))
                       for _ in range(rng.randint(*self.events))})  # fmt: skip
        merged = not (self.mergers and len(lives) >= 2)
        for day in days:
            life = rng.choice(lives)
            if not life.free(day):
                continue
            roll = rng.random()
            if life.balance < 1 or roll < 0.35:
                gross = Decimal(rng.choice([1000, 5000, 10000, 25000, 50000]))
                sip = rng.random() < 0.4
                kind, desc = ("PURCHASE_SIP", "SIP Purchase") if sip else ("PURCHASE", "Purchase")
                _buy(life, day, gross, kind, desc)
            elif roll < 0.6:
                units = q(life.balance * Decimal(str(rng.uniform(0.1, 0.7))), Q3)
                _sell(life, day, units, "REDEMPTION", "Redemption")
            elif roll < 0.75:
                other = rng.choice([x for x in lives if x is not life])
                if not other.free(day):
                    continue
                units = q(life.balance * Decimal(str(rng.uniform(0.2, 0.8))), Q3)
                name = other.block.ident.name
                amount = _sell(life, day, units, "SWITCH_OUT", f"Switch-Out - To {name}")
                _buy(other, day, amount, "SWITCH_IN", f"Switch-In - From {life.block.ident.name}")
            elif roll < 0.85:
                nav = life.navs[day]
                rate = Decimal(rng.choice(["0.25", "0.50", "1.20"]))
                amount = q(life.balance * rate, Q2)
                units = q(amount / nav, Q3)
                life.balance += units
                life.cost += amount
                desc = f"IDCW Reinvested @ Rs.{rate} per unit"
                life.add(Row(day, desc, "DIVIDEND_REINVEST", amount, units, nav, life.balance,
                             dividend_rate=rate))  # fmt: skip
            elif roll < 0.93 or merged:
                rate = Decimal(rng.choice(["0.30", "0.75"]))
                amount = q(life.balance * rate, Q2)
                desc = f"IDCW Paid @ Rs.{rate} per unit"
                life.add(Row(day, desc, "DIVIDEND_PAYOUT", amount, dividend_rate=rate))
            else:
                other = rng.choice([x for x in lives if x is not life])
                if not other.free(day) or day < date(2016, 1, 1):
                    continue
                self._merge(life, other, day)
                merged = True

    def _merge(self, old: _Life, new: _Life, day: date) -> None:
        units = old.balance
        amount = q(units * old.navs[day], Q2)
        cost = old.cost
        old.balance = Decimal(0)
        old.cost = Decimal(0)
        old.add(Row(day, f"Switch Out - Merger - To {new.block.ident.name}", "SWITCH_OUT_MERGER",
                    -amount, -units, old.navs[day], Decimal(0)))  # fmt: skip
        old.closed = True
        nav = new.navs[day]
        got = q(amount / nav, Q3)
        new.balance += got
        new.cost += cost
        new.add(Row(day, f"Switch In - Merger - From {old.block.ident.name}", "SWITCH_IN_MERGER",
                    amount, got, nav, new.balance))  # fmt: skip

    def _finish(self, life: _Life) -> None:
        block = life.block
        block.rows.sort(key=lambda r: r.date)  # stable: a day's rows stay in order
        block.closing = life.balance
        block.nav = life.navs[END]
        block.value = q(life.balance * block.nav, Q2)
        block.cost = q(life.cost, Q2) if life.balance > 0 else Decimal("0.00")


@dataclass
class LifetimeStatement:
    seed: int
    truth: dict[str, Any]
    pdf: bytes | None


def statement(
    seed: int,
    *,
    mergers: bool = False,
    schemes: int = 6,
    events: tuple[int, int] = (25, 60),
    pdf: bool = False,
) -> LifetimeStatement:
    """A whole-life statement of about ``schemes`` schemes (2 to 4 a folio, one folio an AMC)
    with ``events`` (lowest, highest) dated events a folio; the PDF only when ``pdf``."""
    builder = _Builder(seed, mergers, schemes, events)
    portfolio = builder.build()
    truth = _drop_none(ground_truth(portfolio, True, True))
    rendered = None
    if pdf:
        layout = detailed_layout(portfolio, random.Random(seed))
        rendered = draw_layout(
            layout, portfolio, f"{seed:08d}", True, "Consolidated Account Statement"
        )
        truth["meta"]["pages"] = len(layout.pages)
    return LifetimeStatement(seed, truth, rendered)
