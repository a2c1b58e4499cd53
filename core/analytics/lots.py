"""First in, first out: purchase lots per folio and scheme, matched to every sale.

Purchases of one day at one NAV are one lot (with that day's stamp duty); the sales of one day
at one NAV are one sale (with that day's STT), each matched against the oldest lots, values as
units x NAV to the paisa. A bounced purchase (a reversal) takes its units back out of the newest
lot at its NAV; a reversed sale puts its lots back. A merger (SWITCH_OUT_MERGER in one scheme,
SWITCH_IN_MERGER into another of the same AMC on the same day) is not a transfer (section
47(xix)): the lots move with their dates and cost. Units received or given away by gift move
without a gain; segregated units keep the dates of the units they were split from. Where the
cost that follows units is not in the statement, a warning says so.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.models.enums import TransactionType as T

from .holdings import UNIT_NOISE, DatedTransaction, Holding
from .money import ZERO, paisa

BUYS = {T.PURCHASE, T.PURCHASE_SIP, T.DIVIDEND_REINVEST, T.SWITCH_IN}
SALES = {T.REDEMPTION, T.SWITCH_OUT}
#: an unmatched remainder below this is the registrar's rounding (as casparser tolerates)
SHORTFALL_NOISE = Decimal("0.01")


@dataclass(slots=True)
class Lot:
    day: date
    units: Decimal
    nav: Decimal
    stamp: Decimal = ZERO


@dataclass(slots=True)
class Match:
    """One lot (or part of one) matched to one sale."""

    holding: Holding
    sale_type: str
    units: Decimal
    purchase_date: date
    purchase_nav: Decimal
    purchase_value: Decimal
    stamp_duty: Decimal
    sale_date: date
    sale_nav: Decimal
    sale_value: Decimal
    stt: Decimal
    #: purchase value and stamp duty
    cost: Decimal = field(init=False)
    #: sale value less cost, to the paisa
    gain: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.cost = self.purchase_value + self.stamp_duty
        self.gain = paisa(self.sale_value - self.cost)


@dataclass(slots=True)
class _Day:
    buys: list[tuple[Decimal, Decimal, Decimal]] = field(default_factory=list)
    sales: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)
    bounced: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    restored: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    gifts: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    merger_out: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    merger_in: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    segregated: Decimal = ZERO
    stamp: Decimal = ZERO
    stt: Decimal = ZERO


def _by_day(txns: list[DatedTransaction]) -> dict[date, list[DatedTransaction]]:
    days: dict[date, list[DatedTransaction]] = {}
    for t in txns:
        days.setdefault(t.day, []).append(t)
    return days


def _summary(txns: list[DatedTransaction]) -> _Day:
    """One day's rows of one holding, by what they do (built per day: short-lived objects
    keep the garbage collector quiet on long statements)."""
    day = _Day()
    for t in txns:
        units, nav, amount = t.units, t.nav or ZERO, t.amount or ZERO
        if t.type is T.STAMP_DUTY_TAX:
            day.stamp += amount
        elif t.type is T.STT_TAX:
            day.stt += amount
        elif units is None or not units:
            continue
        elif t.type in BUYS and units > 0:
            day.buys.append((units, nav, amount))
        elif t.type in SALES and units < 0:
            day.sales.append((t.type.value, -units, nav))
        elif t.type is T.SWITCH_IN_MERGER:
            day.merger_in.append((units, amount))
        elif t.type is T.SWITCH_OUT_MERGER:
            day.merger_out.append((-units, abs(amount)))
        elif t.type is T.SEGREGATION:
            day.segregated += units
        elif t.type is T.REVERSAL:
            (day.bounced if units < 0 else day.restored).append((abs(units), nav))
        else:  # gifts and transfers between folios
            day.gifts.append((units, nav))
    return day


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text)


class _Shortfall(Exception):
    pass


@dataclass
class _Book:
    """The lots and matches of one holding."""

    holding: Holding
    days: dict[date, list[DatedTransaction]]
    lots: deque[Lot] = field(default_factory=deque)
    matches: list[Match] = field(default_factory=list)
    #: each sale's matches, to undo when the sale is reversed
    sales: list[tuple[Decimal, list[Match]]] = field(default_factory=list)
    broken: bool = False


class Ledger:
    """Runs every holding's days in date order, mergers across holdings."""

    def __init__(self, holdings: list[Holding]) -> None:
        self.warnings: list[str] = []
        self.books: list[_Book] = []
        for holding in holdings:
            if not holding.transactions:
                continue
            if not holding.complete_history:
                self.warnings.append(
                    f"{holding.label} starts with {holding.opening_units} units bought before "
                    "the statement: FIFO needs every purchase, so its capital gains are left out"
                )
                continue
            self.books.append(_Book(holding, _by_day(holding.transactions)))
        self._in_transit: dict[tuple[str, date], list[tuple[Decimal, Decimal, list[Lot]]]] = {}

    def run(self) -> list[Match]:
        timeline: dict[date, list[_Book]] = {}
        for book in self.books:
            for day in book.days:
                timeline.setdefault(day, []).append(book)
        for day in sorted(timeline):
            active = [(b, _summary(b.days[day])) for b in timeline[day] if not b.broken]
            for book, today in active:
                self._guarded(book, day, today, self._day)
            for book, today in active:
                if today.merger_in:
                    self._guarded(book, day, today, self._mergers_in)
            self._unclaimed(day)
        return [m for book in self.books for m in book.matches]

    def _guarded(
        self, book: _Book, day: date, today: _Day, step: Callable[[_Book, date, _Day], None]
    ) -> None:
        if book.broken:
            return
        try:
            step(book, day, today)
        except _Shortfall as short:
            book.broken = True
            self.warnings.append(
                f"{book.holding.label}: {short} on {day}; its gains from then on are left out"
            )

    # ------------------------------------------------------------------ one day
    def _day(self, book: _Book, day: date, today: _Day) -> None:
        self._buy(book, day, today)
        for units, nav in today.bounced:
            self._bounce(book, day, units, nav)
        for units, nav in today.restored:
            self._restore(book, day, units, nav)
        for units, nav in today.gifts:
            if units > 0:
                book.lots.append(Lot(day, units, nav))
                self.warnings.append(
                    f"{book.holding.label}: {units} units received on {day} by transfer or "
                    "gift carry the previous holder's cost and date, which the statement "
                    "lacks; they are costed at that day's NAV"
                )
            else:
                self._take(book, -units)
        if today.segregated:
            self._segregate(book, day, today.segregated)
        self._sell(book, day, today)
        for units, amount in today.merger_out:
            lots = self._take(book, units)
            key = (book.holding.amc, day)
            self._in_transit.setdefault(key, []).append((units, amount, lots))

    def _segregate(self, book: _Book, day: date, units: Decimal) -> None:
        """Segregated units keep the dates of the units they were split from (section 2(42A))
        at zero cost: how the cost divides needs both portfolios' NAVs on the day."""
        main = self._main_portfolio(book)
        held = sum((lot.units for lot in main.lots), ZERO) if main else ZERO
        if main is not None and held:
            ratio = units / held
            book.lots.extend(Lot(lot.day, lot.units * ratio, ZERO) for lot in main.lots)
            dated = f"dated as the {main.holding.name} units they came from"
        else:
            book.lots.append(Lot(day, units, ZERO))
            dated = "dated the day they were created (the main portfolio is not in the statement)"
        self.warnings.append(
            f"{book.holding.label}: {units} segregated units created on {day} are {dated} and "
            "costed at zero (the split of the original cost needs both portfolios' NAVs on that "
            "day, which the statement lacks)"
        )

    def _main_portfolio(self, book: _Book) -> _Book | None:
        """The scheme a segregated portfolio was split from: same folio, same name before
        "Segregated" (as far as its first words go)."""
        stem = _words(book.holding.name.lower().split("segregat", 1)[0])[:4]
        for other in self.books:
            name = other.holding.name.lower()
            if (
                stem
                and other is not book
                and other.holding.folio == book.holding.folio
                and "segregat" not in name
                and _words(name)[: len(stem)] == stem
            ):
                return other
        return None

    def _buy(self, book: _Book, day: date, today: _Day) -> None:
        if not today.buys:
            return
        if len(today.buys) == 1:
            units, nav, _ = today.buys[0]
            book.lots.append(Lot(day, units, nav, today.stamp))
            return
        by_nav: dict[Decimal, list[Decimal]] = {}
        for units, nav, amount in today.buys:
            slot = by_nav.setdefault(nav, [ZERO, ZERO])
            slot[0] += units
            slot[1] += amount
        total = sum((amount for _, amount in by_nav.values()), ZERO)
        for nav, (units, amount) in by_nav.items():
            share = today.stamp if len(by_nav) == 1 or not total else today.stamp * amount / total
            book.lots.append(Lot(day, units, nav, share))

    def _sell(self, book: _Book, day: date, today: _Day) -> None:
        if not today.sales:
            return
        merged: dict[tuple[str, Decimal], Decimal] = {}
        for kind, units, nav in today.sales:
            merged[(kind, nav)] = merged.get((kind, nav), ZERO) + units
        sold = sum(merged.values(), ZERO)
        for (kind, nav), units in merged.items():
            stt = today.stt if len(merged) == 1 else today.stt * units / sold
            matches = self._match(book, day, kind, units, nav, stt)
            book.matches.extend(matches)
            book.sales.append((units, matches))

    def _match(
        self, book: _Book, day: date, kind: str, units: Decimal, nav: Decimal, stt: Decimal
    ) -> list[Match]:
        out: list[Match] = []
        pending = units
        while pending > 0:
            if not book.lots:
                if pending < SHORTFALL_NOISE:
                    break
                raise _Shortfall(f"a sale of {units} units is {pending} units short of purchases")
            lot = book.lots.popleft()
            taken = min(lot.units, pending)
            stamp = paisa(lot.stamp * taken / lot.units) if lot.stamp else ZERO
            out.append(
                Match(
                    book.holding,
                    kind,
                    taken,
                    lot.day,
                    lot.nav,
                    paisa(taken * lot.nav),
                    stamp,
                    day,
                    nav,
                    paisa(taken * nav),
                    paisa(stt * taken / units) if stt else ZERO,
                )
            )
            pending -= lot.units
            if pending < 0:
                book.lots.appendleft(Lot(lot.day, -pending, lot.nav, lot.stamp - stamp))
        return out

    def _take(self, book: _Book, units: Decimal) -> list[Lot]:
        """Remove ``units`` from the oldest lots without a gain; the lots removed."""
        taken: list[Lot] = []
        pending = units
        while pending > 0:
            if not book.lots:
                if pending < SHORTFALL_NOISE:
                    break
                raise _Shortfall(f"{units} units moved out are {pending} units short")
            lot = book.lots.popleft()
            part = min(lot.units, pending)
            stamp = lot.stamp * part / lot.units
            taken.append(Lot(lot.day, part, lot.nav, stamp))
            pending -= lot.units
            if pending < 0:
                book.lots.appendleft(Lot(lot.day, -pending, lot.nav, lot.stamp - stamp))
        return taken

    def _bounce(self, book: _Book, day: date, units: Decimal, nav: Decimal) -> None:
        """A purchase reversed: its units leave the newest lot bought at its NAV."""
        for lot in reversed(book.lots):
            if lot.nav == nav and lot.units >= units - UNIT_NOISE:
                lot.stamp -= lot.stamp * min(units, lot.units) / lot.units
                lot.units -= min(units, lot.units)
                break
        else:
            pending = units
            while pending > 0 and book.lots:
                lot = book.lots[-1]
                part = min(lot.units, pending)
                lot.units -= part
                pending -= part
                if not lot.units:
                    book.lots.pop()
            self.warnings.append(
                f"{book.holding.label}: the purchase reversed on {day} ({units} units at {nav}) "
                "was not found; the units were taken from the newest lots"
            )
        book.lots = deque(lot for lot in book.lots if lot.units > 0)

    def _restore(self, book: _Book, day: date, units: Decimal, nav: Decimal) -> None:
        """A sale reversed: its matches are withdrawn and its lots go back in front."""
        for index in range(len(book.sales) - 1, -1, -1):
            sold, matches = book.sales[index]
            if abs(sold - units) < UNIT_NOISE:
                del book.sales[index]
                withdrawn = {id(m) for m in matches}
                book.matches = [m for m in book.matches if id(m) not in withdrawn]
                for m in reversed(matches):
                    front = book.lots[0] if book.lots else None
                    if front and (front.day, front.nav) == (m.purchase_date, m.purchase_nav):
                        front.units += m.units
                        front.stamp += m.stamp_duty
                    else:
                        book.lots.appendleft(
                            Lot(m.purchase_date, m.units, m.purchase_nav, m.stamp_duty)
                        )
                return
        book.lots.append(Lot(day, units, nav))
        self.warnings.append(
            f"{book.holding.label}: the sale reversed on {day} ({units} units) was not found; "
            "the units were added back at that day's NAV"
        )

    def _mergers_in(self, book: _Book, day: date, today: _Day) -> None:
        waiting = self._in_transit.get((book.holding.amc, day), [])
        for units, amount in today.merger_in:
            if not waiting:
                nav = amount / units if units else ZERO
                book.lots.append(Lot(day, units, nav))
                self.warnings.append(
                    f"{book.holding.label}: {units} units received in a merger on {day} come "
                    "from a scheme not in the statement; they are costed at the merger NAV and "
                    "dated the merger day, not at the original purchases"
                )
                continue
            # the outgoing side of the same value (one merger a day is the rule)
            pick = min(waiting, key=lambda w: abs(w[1] - amount))
            waiting.remove(pick)
            out_units, _, lots = pick
            ratio = units / out_units if out_units else Decimal(1)
            moved = [Lot(lot.day, lot.units * ratio, lot.nav / ratio, lot.stamp) for lot in lots]
            # first in stays first out: the merged units keep their older dates
            book.lots = deque(sorted([*book.lots, *moved], key=lambda lot: lot.day))

    def _unclaimed(self, day: date) -> None:
        for (amc, when), waiting in list(self._in_transit.items()):
            if when == day:
                del self._in_transit[(amc, when)]
                for units, _, _ in waiting:
                    self.warnings.append(
                        f"{units} units of {amc} merged away on {day} went to a scheme not in "
                        "the statement; a merger is not a transfer, so no gain is shown"
                    )

    def remaining_cost(self) -> dict[int, Decimal]:
        """The cost of the lots still held, by ``id`` of each holding whose FIFO is whole."""
        return {
            id(book.holding): sum(
                (paisa(lot.units * lot.nav) + lot.stamp for lot in book.lots), ZERO
            )
            for book in self.books
            if not book.broken
        }
