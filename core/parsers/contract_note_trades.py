"""Trade rows of a contract note, recognised by structure rather than by header strings.

A trade row is a line carrying a time (HH:MM:SS), an order or trade number (a long run of
digits) and a buy/sell mark. Its numbers are told apart by the row's own arithmetic: the net
total is quantity x net rate, and quantity x trade price ± brokerage. A derivatives contract is
recognised by its expiry date; a security name that wraps continues on the lines below the row,
starting where the row's description starts. A contract's segment follows from what it is: a
currency pair (or a CUR instrument) is currency derivatives, anything on MCX (or a COM/OPTFUT
instrument) commodity derivatives, the rest equity F&O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import permutations

from core.pdf.geometry import Line, Word

from .numbers import parse_decimal

_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}$")
_ID = re.compile(r"^\d{6,20}$")
_SIDE = re.compile(r"^(B|S|BUY|SELL|Buy|Sell)$")
_EXCHANGE = re.compile(r"^(NSE|BSE|MCX|NFO|BFO)$")
_DECIMAL = re.compile(r"^\(?-?[\d,]*\d\.\d+\)?$")
_INTEGER = re.compile(r"^\d{1,3}(?:,\d{2,3})*$|^\d{1,5}$")
_ISIN = re.compile(r"IN[A-Z0-9]{9}\d")
_INSTRUMENT = re.compile(r"^(FUT|OPT)(IDX|STK|CUR|COM|FUT)$")
#: an exchange-traded currency pair (NSE/BSE currency derivatives)
_CURRENCY = re.compile(r"^(?:FUTCUR|OPTCUR|(?:USD|EUR|GBP|JPY)INR|(?:EUR|GBP)USD|USDJPY)$")
_COMMODITY = re.compile(r"^(?:FUTCOM|OPTFUT|FUTCMX|OPTCMX)$")
_EXPIRY = re.compile(r"^\d{2}[A-Z]{3}\d{4}$|^\d{2}-[A-Za-z]{3}-\d{4}$|^\d{2}/\d{2}/\d{4}$")
_OPTION = re.compile(r"^(CE|PE|FUT)$")
_STRIKE = re.compile(r"^\d+(?:\.\d+)?$")
#: a heading over a segment's trades, for tables without an exchange column
_SECTION = re.compile(
    r"\b(NSE|BSE|MCX)\b.*\b(Equity|Capital\s+Market|Cash|F&O|Futures|Derivatives|Currency|"
    r"Commodity)\b",
    re.I,
)
_SYMBOL_EQ = re.compile(r"^([A-Z0-9&-]+?)-(?:EQ|BE|BZ|SM)\b")
#: a wrapped name continues at most this far below the line before it, in points
_CONTINUATION_GAP = 12.0
PAISA = Decimal("0.005")
#: what a row's decimal amounts can be, by how many it prints, most likely first
_ROLES: dict[int, list[tuple[str, ...]]] = {
    1: [("total",)],
    2: [("total", "rate"), ("total", "price")],
    3: [
        ("total", "brokerage", "price"),
        ("total", "brokerage", "rate"),
        ("total", "price", "rate"),
    ],
    4: [("total", "brokerage", "price", "rate"), ("total", "unit_brokerage", "price", "rate")],
}


@dataclass
class ParsedTrade:
    order_number: str | None
    order_time: str | None
    trade_number: str | None
    trade_time: str | None
    description: str
    side: str
    exchange: str | None
    quantity: Decimal
    price: Decimal | None
    brokerage: Decimal
    net_rate: Decimal | None
    net_total: Decimal  # signed: a buy is negative
    isin: str | None
    contract: bool  # a derivatives contract (futures or options)
    desc_x0: float
    baseline: float

    @property
    def symbol(self) -> str | None:
        match = _SYMBOL_EQ.match(self.description)
        return match.group(1) if match else None

    @property
    def name(self) -> str:
        """The description without its ISIN and exchange-series dressing."""
        text = _ISIN.sub("", self.description).replace("()", "").strip(" /-")
        return re.sub(r"\s+", " ", text)

    @property
    def segment(self) -> str:
        """EQ, FO, CD (currency derivatives) or COM (commodity derivatives)."""
        if not self.contract:
            return "EQ"
        words = self.description.split()[:2]
        if self.exchange == "MCX" or any(_COMMODITY.match(w) for w in words):
            return "COM"
        if any(_CURRENCY.match(w) for w in words):
            return "CD"
        return "FO"


def _contract_span(words: list[Word]) -> tuple[int, int] | None:
    """The word indices [start, end) of a derivatives contract description, if any."""
    texts = [w.text for w in words]
    for i, text in enumerate(texts):
        if not _EXPIRY.match(text) or i == 0:
            continue
        start = i - 1  # the underlying
        if start > 0 and _INSTRUMENT.match(texts[start - 1]):
            start -= 1
        end = i + 1
        if end < len(texts) and _OPTION.match(texts[end]):
            end += 1
            if texts[end - 1] != "FUT" and end < len(texts) and _STRIKE.match(texts[end]):
                end += 1
        elif end + 1 < len(texts) and _STRIKE.match(texts[end]) and _OPTION.match(texts[end + 1]):
            end += 2
        return start, end
    return None


def _amounts(
    quantity: Decimal, decimals: list[Decimal], side: str
) -> tuple[Decimal, Decimal | None, Decimal, Decimal | None] | None:
    """(net total, trade price, brokerage, net rate) that the row's arithmetic agrees with."""
    largest_first = sorted((abs(x) for x in decimals), reverse=True)  # the total, usually
    for roles in _ROLES.get(len(decimals), []):
        found = []
        for order in permutations(largest_first):
            got = dict(zip(roles, order, strict=True))
            total, price, rate = got["total"], got.get("price"), got.get("rate")
            brokerage = got.get("brokerage", quantity * got.get("unit_brokerage", Decimal(0)))
            if price is not None:
                gross = quantity * price + (brokerage if side == "B" else -brokerage)
                if abs(gross - total) > PAISA:
                    continue
            tolerance = PAISA + quantity * Decimal("0.00005")
            if rate is not None and abs(quantity * rate - total) > tolerance:
                continue
            if price is None and rate is None and len(decimals) > 1:
                continue
            found.append((-total if side == "B" else total, price, brokerage, rate))
            if quantity != 1 and "unit_brokerage" not in roles:
                break  # else price and brokerage can trade places: one unit, or per-unit rates
        if found:
            return min(found, key=lambda amounts: amounts[2])  # then brokerage is the smaller
    return None


def read_row(line: Line) -> ParsedTrade | None:
    """The trade on ``line``, or ``None`` when the line is not a trade row."""
    words = line.words
    times = [w.text for w in words if _TIME.match(w.text)]
    if not times:  # most lines of a note; the cheapest test first
        return None
    ids = [w.text for w in words if _ID.match(w.text)]
    sides = [w.text for w in words if _SIDE.match(w.text)]
    if not ids or len(sides) != 1:
        return None
    span = _contract_span(words)
    used: set[int] = set(range(*span)) if span else set()
    description: list[Word] = [words[i] for i in sorted(used)]
    exchange = None
    integers: list[Decimal] = []
    decimals: list[Decimal] = []
    isin = None
    for i, word in enumerate(words):
        text = word.text
        if i in used or _TIME.match(text) or _ID.match(text) or _SIDE.match(text):
            continue
        if _EXCHANGE.match(text):
            exchange = text
        elif _DECIMAL.match(text):
            decimals.append(parse_decimal(text) or Decimal(0))
        elif _INTEGER.match(text):
            integers.append(Decimal(text.replace(",", "")))
        else:
            description.append(word)
            found = _ISIN.search(text)
            isin = isin or (found.group(0) if found else None)
    if len(integers) != 1 or not description:
        return None
    side = "B" if sides[0].upper().startswith("B") else "S"
    amounts = _amounts(integers[0], decimals, side)
    if amounts is None:
        return None
    net_total, price, brokerage, rate = amounts
    ids.sort(key=len, reverse=True)  # exchange order numbers are longer than trade numbers
    times.sort()  # an order is placed before it trades
    description.sort(key=lambda w: w.x0)
    return ParsedTrade(
        order_number=ids[0] if len(ids) > 1 else None,
        order_time=times[0] if len(times) > 1 else None,
        trade_number=ids[-1] if len(ids) > 1 else ids[0],
        trade_time=times[-1],
        description=" ".join(w.text for w in description),
        side=side,
        exchange=exchange,
        quantity=integers[0],
        price=price,
        brokerage=brokerage,
        net_rate=rate,
        net_total=net_total,
        isin=isin,
        contract=span is not None,
        desc_x0=description[0].x0,
        baseline=line.baseline,
    )


def _continues(line: Line, trade: ParsedTrade, last_baseline: float) -> bool:
    if last_baseline - line.baseline > _CONTINUATION_GAP or trade.contract:
        return False
    if abs(line.x0 - trade.desc_x0) > 2.0:
        return False
    return not any(_DECIMAL.match(w.text) or _TIME.match(w.text) for w in line.words)


def read_trades(pages: list[list[Line]]) -> list[ParsedTrade]:
    """Every trade row of the note, with wrapped descriptions joined, in page order."""
    trades: list[ParsedTrade] = []
    section: str | None = None
    for lines in pages:
        current: ParsedTrade | None = None
        last = 0.0
        for line in lines:
            trade = read_row(line)
            if trade is not None:
                trade.exchange = trade.exchange or section
                trades.append(trade)
                current, last = trade, line.baseline
                continue
            if current is not None and _continues(line, current, last):
                current.description += " " + line.text
                found = _ISIN.search(line.text)
                current.isin = current.isin or (found.group(0) if found else None)
                last = line.baseline
            else:
                current = None
                heading = _SECTION.search(line.text)
                if heading and not any(_DECIMAL.match(w.text) for w in line.words):
                    section = heading.group(1).upper()
    return trades
