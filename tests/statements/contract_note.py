"""A broker contract note as ground truth: trades drawn from a seed, charges by the real rules.

Rules (2024 schedule): STT 0.1% of delivery turnover (both sides), 0.025% of intraday sells,
0.02% of futures sells, 0.1% of option premium sold, rounded to the rupee per security;
exchange transaction charges by exchange and segment; SEBI fees ₹10 a crore; NSE's IPF ₹10 a
crore; stamp duty on buys (0.015% delivery, 0.003% intraday and options, 0.002% futures);
GST 18% of brokerage + exchange + SEBI + clearing charges, CGST+SGST when the client's state is the
broker's, IGST otherwise.

Currency derivatives (NSE-CD) pay no STT; their stamp duty is 0.0001% of buys. MCX commodity
derivatives (MCX-COM) pay CTT instead of STT: 0.01% of futures sells and 0.05% of option premium
sold, rounded to the rupee per contract, none on agricultural commodities; their stamp duty is
0.002% of futures buys and 0.003% of option buys; MCX charges no IPF. Exchange transaction charges
are by exchange, segment and instrument.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .money import Q2, q

R0 = Decimal("1")

EQUITIES = [
    ("RELIANCE", "RELIANCE INDUSTRIES LIMITED", "INE002A01018", 2900),
    ("TCS", "TATA CONSULTANCY SERVICES LIMITED", "INE467B01029", 4100),
    ("INFY", "INFOSYS LIMITED", "INE009A01021", 1800),
    ("HDFCBANK", "HDFC BANK LIMITED", "INE040A01034", 1650),
    ("ITC", "ITC LIMITED", "INE154A01025", 470),
    ("SBIN", "STATE BANK OF INDIA", "INE062A01020", 820),
    ("BAJFINANCE", "BAJAJ FINANCE LIMITED", "INE296A01024", 7000),
    ("ADANIPORTS", "ADANI PORTS AND SPECIAL ECONOMIC ZONE LIMITED", "INE742F01042", 1400),
    ("TATAMOTORS", "TATA MOTORS LIMITED", "INE155A01022", 950),
    ("ICICIBANK", "ICICI BANK LIMITED", "INE090A01021", 1200),
    ("HINDUNILVR", "HINDUSTAN UNILEVER LIMITED", "INE030A01027", 2500),
    ("MARUTI", "MARUTI SUZUKI INDIA LIMITED", "INE585B01010", 11500),
    ("SUNPHARMA", "SUN PHARMACEUTICAL INDUSTRIES LIMITED", "INE044A01036", 1700),
    ("APOLLOHOSP", "APOLLO HOSPITALS ENTERPRISE LIMITED", "INE437A01024", 6800),
]
UNDERLYINGS = [("NIFTY", 24000, 25), ("BANKNIFTY", 51000, 15), ("RELIANCE", 2900, 250)]
#: currency pairs: (symbol, spot, lot size, strike step)
CURRENCIES = [
    ("USDINR", 83.4, 1000, "0.25"),
    ("EURINR", 90.2, 1000, "0.25"),
    ("GBPINR", 106.1, 1000, "0.25"),
]
#: MCX commodities: (symbol, price per unit, lot size, strike step, agricultural)
COMMODITIES = [
    ("CRUDEOIL", 6500, 100, 50, False),
    ("ZINC", 250, 5000, 5, False),
    ("SILVERMIC", 88000, 1, 250, False),
    ("KAPAS", 1600, 200, 20, True),
    ("MENTHAOIL", 950, 360, 10, True),
]
AGRICULTURAL = {c[0] for c in COMMODITIES if c[4]}

STATES = [("27", "Maharashtra"), ("29", "Karnataka"), ("07", "Delhi"), ("33", "Tamil Nadu")]


@dataclass(frozen=True)
class Broker:
    key: str  # zerodha, groww, upstox, icici, or generic
    name: str
    sebi: str
    state: str  # GST state code of the broker's registered office
    clearing_rate: Decimal  # clearing charges as a fraction of turnover


BROKERS = {
    "zerodha": Broker("zerodha", "Zerodha Broking Limited", "INZ000031633", "29", Decimal(0)),
    "groww": Broker(
        "groww", "Nextbillion Technology Private Limited", "INZ000301838", "29", Decimal(0)
    ),
    "upstox": Broker(
        "upstox", "RKSV Securities India Private Limited", "INZ000315837", "27", Decimal(0)
    ),
    "icici": Broker("icici", "ICICI Securities Limited", "INZ000183631", "27", Decimal("0.000005")),
    "generic": Broker(
        "generic", "Sahyadri Share Broking Limited", "INZ000123456", "27", Decimal("0.000002")
    ),
}


@dataclass
class Trade:
    order_number: str
    order_time: str
    trade_number: str
    trade_time: str
    segment: str  # EQ, FO, CD (currency derivatives) or COM (MCX commodity derivatives)
    exchange: str  # NSE, BSE or MCX
    symbol: str
    name: str
    isin: str | None
    side: str  # B or S
    quantity: int
    price: Decimal
    brokerage: Decimal
    # F&O contract
    instrument: str | None = None  # FUTIDX FUTSTK OPTIDX OPTSTK FUTCUR OPTCUR FUTCOM OPTFUT
    expiry: date | None = None
    strike: Decimal | None = None
    option_type: str | None = None

    @property
    def value(self) -> Decimal:
        return self.price * self.quantity

    @property
    def net_total(self) -> Decimal:
        """Signed: a sale brings money in, a buy takes it out; brokerage included."""
        if self.side == "B":
            return -q(self.value + self.brokerage, Q2)
        return q(self.value - self.brokerage, Q2)

    @property
    def net_rate(self) -> Decimal:
        return abs(self.net_total) / self.quantity

    @property
    def segment_key(self) -> str:
        return f"{self.exchange}-{self.segment}"


@dataclass
class Charges:
    obligation: Decimal
    brokerage: Decimal
    exchange: Decimal
    clearing: Decimal
    sebi: Decimal
    ipf: Decimal
    stt: Decimal
    stamp: Decimal
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    ctt: Decimal = Decimal("0.00")

    @property
    def net(self) -> Decimal:
        levies = (
            self.ctt
            + self.exchange
            + self.clearing
            + self.sebi
            + self.ipf
            + self.stt
            + self.stamp
            + self.cgst
            + self.sgst
            + self.igst
        )
        return self.obligation - levies


@dataclass
class ContractNote:
    broker: Broker
    client_name: str
    pan: str
    ucc: str
    address: list[str]
    state_code: str
    state_name: str
    note_number: str
    trade_date: date
    settlement_date: date
    settlement_number: str
    trades: list[Trade] = field(default_factory=list)
    segment_charges: dict[str, Charges] = field(default_factory=dict)

    @property
    def segments(self) -> list[str]:
        return list(self.segment_charges)

    @property
    def charges(self) -> Charges:
        rows = list(self.segment_charges.values())
        names = Charges.__dataclass_fields__
        return Charges(**{n: sum((getattr(r, n) for r in rows), Decimal(0)) for n in names})


EXCHANGE_RATE = {
    ("NSE", "EQ"): Decimal("0.0000297"),
    ("BSE", "EQ"): Decimal("0.0000375"),
    ("NSE", "FUT"): Decimal("0.0000173"),
    ("NSE", "OPT"): Decimal("0.0003503"),
    ("NSE", "CUR-FUT"): Decimal("0.0000035"),
    ("NSE", "CUR-OPT"): Decimal("0.000311"),
    ("MCX", "COM-FUT"): Decimal("0.000021"),
    ("MCX", "COM-OPT"): Decimal("0.000418"),
}
SEBI_RATE = Decimal("0.000001")
IPF_RATE = Decimal("0.000001")


def intraday_keys(trades: list[Trade]) -> set[str]:
    """Equity symbols bought and sold in equal quantity on the day are intraday."""
    keys = set()
    for symbol in {t.symbol for t in trades if t.segment == "EQ"}:
        mine = [t for t in trades if t.segment == "EQ" and t.symbol == symbol]
        bought = sum(t.quantity for t in mine if t.side == "B")
        sold = sum(t.quantity for t in mine if t.side == "S")
        if bought and bought == sold:
            keys.add(symbol)
    return keys


def _kind(t: Trade) -> str:
    if t.segment == "EQ":
        return "EQ"
    prefix = {"CD": "CUR-", "COM": "COM-"}.get(t.segment, "")
    return prefix + ("OPT" if t.option_type else "FUT")


def segment_charges(trades: list[Trade], broker: Broker, client_state: str) -> Charges:
    """The charges of one exchange segment's trades."""
    intraday = intraday_keys(trades)
    turnover = sum((t.value for t in trades), Decimal(0))
    exchange = sum((EXCHANGE_RATE[(t.exchange, _kind(t))] * t.value for t in trades), Decimal(0))
    stt = Decimal(0)
    ctt = Decimal(0)
    stamp = Decimal(0)
    for key in sorted({(t.symbol, _kind(t), t.expiry, t.strike, t.option_type) for t in trades}):
        mine = [t for t in trades if (t.symbol, _kind(t), t.expiry, t.strike, t.option_type) == key]
        buys = sum((t.value for t in mine if t.side == "B"), Decimal(0))
        sells = sum((t.value for t in mine if t.side == "S"), Decimal(0))
        kind = key[1]
        if kind == "EQ" and key[0] in intraday:
            stt += q(sells * Decimal("0.00025"), R0)
            stamp += buys * Decimal("0.00003")
        elif kind == "EQ":
            stt += q((buys + sells) * Decimal("0.001"), R0)
            stamp += buys * Decimal("0.00015")
        elif kind.startswith("CUR-"):  # currency derivatives: no STT
            stamp += buys * Decimal("0.000001")
        elif kind.startswith("COM-"):  # commodities: CTT, none on agricultural ones
            option = kind == "COM-OPT"
            if key[0] not in AGRICULTURAL:
                ctt += q(sells * Decimal("0.0005" if option else "0.0001"), R0)
            stamp += buys * Decimal("0.00003" if option else "0.00002")
        elif kind == "FUT":
            stt += q(sells * Decimal("0.0002"), R0)
            stamp += buys * Decimal("0.00002")
        else:
            stt += q(sells * Decimal("0.001"), R0)
            stamp += buys * Decimal("0.00003")
    brokerage = q(sum((t.brokerage for t in trades), Decimal(0)), Q2)
    exchange = q(exchange, Q2)
    clearing = q(turnover * broker.clearing_rate, Q2)
    sebi = q(turnover * SEBI_RATE, Q2)
    ipf = q(turnover * IPF_RATE, Q2) if trades[0].exchange == "NSE" else Decimal("0.00")
    gst_base = brokerage + exchange + sebi + clearing
    if client_state == broker.state:
        cgst = sgst = q(gst_base * Decimal("0.09"), Q2)
        igst = Decimal("0.00")
    else:
        cgst = sgst = Decimal("0.00")
        igst = q(gst_base * Decimal("0.18"), Q2)
    return Charges(
        obligation=sum((t.net_total for t in trades), Decimal(0)),
        brokerage=brokerage,
        exchange=exchange,
        clearing=clearing,
        sebi=sebi,
        ipf=ipf,
        stt=stt,
        stamp=q(stamp, Q2),
        cgst=cgst,
        sgst=sgst,
        igst=igst,
        ctt=ctt,
    )


def brokerage(broker: str, trade: Trade, intraday: bool) -> Decimal:
    """Per-order brokerage on each broker's published plan."""
    if trade.segment != "EQ":
        return Decimal("20.00")
    value = trade.value
    if broker == "zerodha":
        return (
            Decimal("0.00") if not intraday else min(Decimal(20), q(value * Decimal("0.0003"), Q2))
        )
    if broker == "groww":
        return max(Decimal(5), min(Decimal(20), q(value * Decimal("0.001"), Q2)))
    if broker == "upstox":
        return min(Decimal(20), q(value * Decimal("0.001"), Q2))
    if broker == "icici":
        return q(value * (Decimal("0.00275") if not intraday else Decimal("0.00025")), Q2)
    return min(Decimal(25), q(value * Decimal("0.0005"), Q2))


class Clock:
    """Order and trade numbers and times that only move forward."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seconds = 9 * 3600 + 15 * 60
        self.order = rng.randrange(10**15, 2 * 10**15)
        self.trade = rng.randrange(10**7, 9 * 10**7)

    def next(self) -> tuple[str, str, str, str]:
        self.seconds += self.rng.randint(1, 90)
        order_at = self.seconds
        self.seconds += self.rng.randint(0, 3)
        self.order += self.rng.randint(1, 5000)
        self.trade += self.rng.randint(1, 9000)
        return str(self.order), _hms(order_at), str(self.trade), _hms(self.seconds)


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _price(rng: random.Random, base: float) -> Decimal:
    return q(Decimal(str(base * rng.uniform(0.9, 1.1))), Decimal("0.05"))


def _equity_trades(
    rng: random.Random, clock: Clock, count: int, exchanges: list[str]
) -> list[Trade]:
    trades: list[Trade] = []
    symbols = rng.sample(EQUITIES, len(EQUITIES))
    per_symbol = max(3, count // len(EQUITIES) + 1)
    while len(trades) < count and symbols:
        symbol, name, isin, base = symbols.pop()
        exchange = rng.choice(exchanges)
        fills = rng.randint(1, per_symbol)
        style = rng.choice(["buy", "sell", "intraday"])
        sides = {"buy": ["B"], "sell": ["S"], "intraday": ["B", "S"]}[style]
        for side in sides:
            for _ in range(fills):
                qty = rng.randint(1, 60)
                trades.append(
                    Trade(
                        *clock.next(),
                        "EQ",
                        exchange,
                        symbol,
                        name,
                        isin,
                        side,
                        qty,
                        _price(rng, base),
                        Decimal(0),
                    )
                )
        if style == "intraday":
            # square off exactly: the sells carry the bought quantity
            sells = [t for t in trades if t.symbol == symbol and t.side == "S"]
            bought = sum(t.quantity for t in trades if t.symbol == symbol and t.side == "B")
            for t in sells[:-1]:
                t.quantity = 1
            sells[-1].quantity = bought - (len(sells) - 1)
    return trades


def _fo_trades(rng: random.Random, clock: Clock, count: int, trade_date: date) -> list[Trade]:
    trades = []
    expiry = trade_date + timedelta(days=(3 - trade_date.weekday()) % 7 + 7 * rng.randint(0, 3))
    for _ in range(count):
        symbol, spot, lot = rng.choice(UNDERLYINGS)
        side = rng.choice("BS")
        qty = lot * rng.randint(1, 4)
        if rng.random() < 0.4:
            instrument = "FUTIDX" if symbol != "RELIANCE" else "FUTSTK"
            trades.append(
                Trade(
                    *clock.next(),
                    "FO",
                    "NSE",
                    symbol,
                    symbol,
                    None,
                    side,
                    qty,
                    _price(rng, spot),
                    Decimal(0),
                    instrument,
                    expiry,
                )
            )
        else:
            step = 50 if symbol == "NIFTY" else 100 if symbol == "BANKNIFTY" else 20
            strike = Decimal(round(spot * rng.uniform(0.95, 1.05) / step) * step)
            premium = _price(rng, rng.uniform(5, 400))
            instrument = "OPTIDX" if symbol != "RELIANCE" else "OPTSTK"
            trades.append(
                Trade(
                    *clock.next(),
                    "FO",
                    "NSE",
                    symbol,
                    symbol,
                    None,
                    side,
                    qty,
                    max(premium, Decimal("0.05")),
                    Decimal(0),
                    instrument,
                    expiry,
                    strike,
                    rng.choice(["CE", "PE"]),
                )
            )
    return trades


def _contract(
    clock: Clock,
    segment: str,
    exchange: str,
    symbol: str,
    side: str,
    qty: int,
    price: Decimal,
    expiry: date,
    contract: tuple[str, Decimal | None, str | None],
) -> Trade:
    """A derivatives trade; ``contract`` is (instrument, strike, CE/PE), strike and option type
    ``None`` for a future."""
    instrument, strike, option = contract
    return Trade(
        *clock.next(), segment, exchange, symbol, symbol, None, side, qty, price, Decimal(0),
        instrument, expiry, strike, option,
    )  # fmt: skip


def _currency_trades(rng: random.Random, clock: Clock, count: int, trade_date: date) -> list[Trade]:
    """NSE currency futures and options (FUTCUR/OPTCUR), prices to the quarter paisa."""
    trades = []
    expiry = (trade_date.replace(day=1) + timedelta(days=70)).replace(day=1) - timedelta(days=3)
    for _ in range(count):
        symbol, spot, lot, step = rng.choice(CURRENCIES)
        side = rng.choice("BS")
        qty = lot * rng.randint(1, 5)
        if rng.random() < 0.5:
            price = _tick(spot * rng.uniform(0.99, 1.01))
            contract: tuple[str, Decimal | None, str | None] = ("FUTCUR", None, None)
        else:  # a premium worth more than the order's brokerage
            price = _tick(rng.uniform(0.05, 0.6))
            strike = q(Decimal(str(spot * rng.uniform(0.99, 1.01))) / Decimal(step), R0)
            contract = ("OPTCUR", strike * Decimal(step), rng.choice(["CE", "PE"]))
        trades.append(_contract(clock, "CD", "NSE", symbol, side, qty, price, expiry, contract))
    return trades


def _tick(price: float) -> Decimal:
    """A currency price on the exchange's quarter-paisa tick."""
    return q(Decimal(str(price)) / Q_QUARTER, R0) * Q_QUARTER


Q_QUARTER = Decimal("0.0025")


def _commodity_trades(
    rng: random.Random, clock: Clock, count: int, trade_date: date
) -> list[Trade]:
    """MCX futures (FUTCOM) and options on futures (OPTFUT), agricultural ones among them."""
    trades = []
    expiry = trade_date + timedelta(days=rng.randint(5, 50))
    for _ in range(count):
        symbol, spot, lot, step, _agri = rng.choice(COMMODITIES)
        side = rng.choice("BS")
        qty = lot * rng.randint(1, 4)
        if rng.random() < 0.6:
            price = _price(rng, spot)
            contract: tuple[str, Decimal | None, str | None] = ("FUTCOM", None, None)
        else:
            price = max(_price(rng, spot * rng.uniform(0.005, 0.05)), Decimal("0.05"))
            strike = Decimal(round(spot * rng.uniform(0.95, 1.05) / step) * step)
            contract = ("OPTFUT", strike, rng.choice(["CE", "PE"]))
        trades.append(_contract(clock, "COM", "MCX", symbol, side, qty, price, expiry, contract))
    return trades


def _other_segments(broker_key: str, seed: int, trade_date: date) -> list[Trade]:
    """Currency and commodity trades for about half the seeds, drawn from a generator of their
    own so that the equity and F&O trades of every seed stay as they were."""
    rng = random.Random(f"cn-segments-{broker_key}-{seed}")
    clock = Clock(rng)
    trades: list[Trade] = []
    if rng.random() < 0.3:
        trades += _currency_trades(rng, clock, rng.randint(1, 12), trade_date)
    if rng.random() < 0.3:
        trades += _commodity_trades(rng, clock, rng.randint(1, 12), trade_date)
    return trades


NAMES = ["ANANYA RAO", "VIKRAM SHETTY", "MEERA KRISHNAN IYER", "ARJUN MEHTA", "FATIMA SHAIKH"]
STREETS = ["12 MG ROAD", "FLAT 4B LAKE VIEW APTS", "PLOT 77 SECTOR 21", "HOUSE 9 NEHRU NAGAR"]


def _pan(rng: random.Random) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    head = "".join(rng.choice(letters) for _ in range(3))
    return f"{head}P{rng.choice(letters)}{rng.randint(1000, 9999)}{rng.choice(letters)}"


def generate_note(broker_key: str, seed: int, trades: int | None = None) -> ContractNote:
    """A note of ``broker_key`` with 1 to 500 trades, equity and/or F&O, from ``seed``."""
    rng = random.Random(f"cn-{broker_key}-{seed}")
    broker = BROKERS[broker_key]
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    count = trades or rng.choice([rng.randint(1, 12), rng.randint(10, 60), rng.randint(60, 160)])
    mix = rng.choice(["EQ", "FO", "both"])
    clock = Clock(rng)
    exchanges = rng.choice([["NSE"], ["NSE", "BSE"]])
    chosen: list[Trade] = []
    if mix in ("EQ", "both"):
        chosen += _equity_trades(
            rng, clock, max(1, count if mix == "EQ" else count // 2), exchanges
        )
    if mix in ("FO", "both"):
        chosen += _fo_trades(rng, clock, max(1, count - len(chosen)), day)
    if trades is None:
        chosen += _other_segments(broker_key, seed, day)
    chosen = chosen[:500]
    chosen.sort(key=lambda t: t.trade_time)
    intraday = intraday_keys(chosen)
    for t in chosen:
        t.brokerage = brokerage(broker_key, t, t.symbol in intraday)
    state_code, state_name = rng.choice(STATES)
    note = ContractNote(
        broker=broker,
        client_name=rng.choice(NAMES),
        pan=_pan(rng),
        ucc=f"{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{rng.choice('ABCDEFGH')}"
        f"{rng.randint(1000, 9999)}",
        address=[rng.choice(STREETS), f"{state_name.upper()} {rng.randint(400001, 600099)}"],
        state_code=state_code,
        state_name=state_name,
        note_number=f"CNT-{day:%y}/{rng.randint(10**7, 10**8 - 1)}",
        trade_date=day,
        settlement_date=day + timedelta(days=1 if day.weekday() < 4 else 3),
        settlement_number=f"{day:%Y}{rng.randint(100, 299)}",
        trades=chosen,
    )
    charge(note)
    return note


def charge(note: ContractNote) -> None:
    """(Re)compute the note's charges, segment by segment, from its trades and client."""
    note.segment_charges = {}
    for key in sorted({t.segment_key for t in note.trades}, key=_segment_order):
        mine = [t for t in note.trades if t.segment_key == key]
        note.segment_charges[key] = segment_charges(mine, note.broker, note.state_code)


def generate_days(broker_key: str, seed: int, days: int) -> list[ContractNote]:
    """Notes of one client on ``days`` consecutive trading days, as one PDF would carry them."""
    first = generate_note(broker_key, seed)
    notes = [first]
    for k in range(1, days):
        note = generate_note(broker_key, seed * 1000 + k)
        day = notes[-1].trade_date + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        note.trade_date = day
        note.settlement_date = day + timedelta(days=1 if day.weekday() < 4 else 3)
        for name in ("client_name", "pan", "ucc", "address", "state_code", "state_name"):
            setattr(note, name, getattr(first, name))
        charge(note)
        notes.append(note)
    return notes


def _segment_order(key: str) -> tuple[int, str]:
    return (0 if key.endswith("EQ") else 1 if key.endswith("FO") else 2, key)
