"""Draw a contract note in one of several layouts, each broker with its own family of formats.

A layout is chosen from the seed: the order of the trade table's columns, whether its header
wraps onto two lines and repeats on every page, how securities and contracts are described
(symbol and ISIN, a wrapped company name, the ISIN in a column of its own), how amounts are
signed and grouped, the label phrasings of the header block and the charges, and whether the
charges start a page of their own.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pikepdf
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from .contract_note import ContractNote, Trade, charge, generate_note
from .money import Q4, indian, q
from .render import wrap
from .statement import encrypt

PAGE_W, PAGE_H = landscape(A4)
TOP, BOTTOM, LEFT = 560.0, 40.0, 28.0
SIZE, STEP = 6.0, 7.5
FONT, BOLD = "Helvetica", "Helvetica-Bold"

#: column id → (header, width, right-aligned)
COLUMNS: dict[str, tuple[str, float, bool]] = {
    "order_no": ("Order No.", 66, False),
    "order_time": ("Order Time", 36, False),
    "trade_no": ("Trade No.", 44, False),
    "trade_time": ("Trade Time", 36, False),
    "security": ("Security / Contract Description", 128, False),
    "isin": ("ISIN Code", 56, False),
    "side": ("Buy(B) / Sell(S)", 26, False),
    "exchange": ("Exchange", 30, False),
    "qty": ("Quantity", 34, True),
    "price": ("Gross Rate / Trade Price Per Unit (Rs)", 50, True),
    "brokerage": ("Brokerage (Rs)", 40, True),
    "brokerage_unit": ("Brokerage per Unit (Rs)", 44, True),
    "net_rate": ("Net Rate per Unit (Rs)", 50, True),
    "net_total": ("Net Total (Before Levies) (Rs)", 62, True),
}
GAP = 6.0

LABELS = {
    "note": ["Contract Note No.", "Contract Note Number", "CN No."],
    "trade_date": ["Trade Date", "Date of Trade", "Trade Date"],
    "settlement_no": ["Settlement No.", "Settlement Number", "Sett. No."],
    "settlement_date": ["Settlement Date", "Date of Settlement", "Sett. Date"],
    "name": ["Name of the Client", "Client Name", "Name"],
    "pan": ["PAN of Client", "PAN", "Client PAN"],
    "ucc": ["UCC", "Client Code", "Unique Client Code"],
    "supply": ["Place of Supply", "Place of supply", "Place Of Supply"],
    "state": ["GST State Code", "State Code", "State code"],
    "address": ["Address", "Client Address", "Address"],
}
CHARGE_LABELS = {
    "obligation": ["Pay in/Pay out obligation", "Pay-In / Pay-Out Obligation", "Net Obligation"],
    "brokerage": ["Taxable value of Supply (Brokerage)", "Brokerage", "Brokerage Charges"],
    "exchange": ["Exchange transaction charges", "Exchange Txn Charges", "Transaction Charges"],
    "clearing": ["Clearing charges", "Clearing Member Charges", "Clearing Charges"],
    "cgst": ["CGST (@9% of Brok, SEBI, Trans & Clearing Charges)", "CGST @ 9%", "Central GST"],
    "sgst": ["SGST (@9% of Brok, SEBI, Trans & Clearing Charges)", "SGST @ 9%", "State GST"],
    "igst": ["IGST (@18% of Brok, SEBI, Trans & Clearing Charges)", "IGST @ 18%", "Integrated GST"],
    "stt": ["Securities transaction tax (Rs)", "STT", "Securities Transaction Tax"],
    "ctt": ["Commodity transaction tax (Rs)", "CTT", "Commodities Transaction Tax"],
    "sebi": ["SEBI turnover fees", "SEBI Fees", "SEBI Turnover Fee"],
    "stamp": ["Stamp duty", "Stamp Duty (Rs)", "Stamp Duty"],
    "ipf": ["IPF charges", "Investor Protection Fund", "NSE IPF"],
    "net": [
        "Net amount receivable/(payable) by client",
        "Net Amount Receivable / Payable",
        "Net amount receivable by client / (payable by client)",
    ],
}
SEGMENT_NAMES = [
    {"NSE-EQ": "NSE-EQ", "BSE-EQ": "BSE-EQ", "NSE-FO": "NSE-FO", "NSE-CD": "NSE-CDS",
     "MCX-COM": "MCX-COM"},
    {"NSE-EQ": "Equity NSE", "BSE-EQ": "Equity BSE", "NSE-FO": "F&O NSE",
     "NSE-CD": "Currency NSE", "MCX-COM": "Commodity MCX"},
    {"NSE-EQ": "NSE Cash", "BSE-EQ": "BSE Cash", "NSE-FO": "NSE Derivatives",
     "NSE-CD": "NSE Currency", "MCX-COM": "MCX Commodity"},
]  # fmt: skip
#: a segment's heading over its trades (layouts without an exchange column), by phrasing
SECTION_NAMES = {
    "EQ": ["Equity", "Capital Market", "Cash"],
    "FO": ["Derivatives", "Futures & Options", "F&O"],
    "CD": ["Currency Derivatives", "Currency Futures & Options", "Currency"],
    "COM": ["Commodity Derivatives", "Commodity Futures & Options", "Commodity"],
}
#: each broker's three "years" of format: column order and description styles (Zerodha's current
#: format prints brokerage per unit)
BROKER_COLUMNS = {
    "zerodha": [
        [
            "order_no",
            "order_time",
            "trade_no",
            "trade_time",
            "security",
            "side",
            "exchange",
            "qty",
            "brokerage",
            "net_rate",
            "net_total",
        ],
        [
            "order_no",
            "order_time",
            "trade_no",
            "trade_time",
            "security",
            "side",
            "exchange",
            "qty",
            "price",
            "brokerage_unit",
            "net_rate",
            "net_total",
        ],
        [
            "trade_no",
            "trade_time",
            "order_no",
            "order_time",
            "security",
            "isin",
            "side",
            "exchange",
            "qty",
            "price",
            "net_rate",
            "brokerage",
            "net_total",
        ],
    ],
    "groww": [
        [
            "security",
            "isin",
            "order_no",
            "order_time",
            "trade_no",
            "trade_time",
            "side",
            "exchange",
            "qty",
            "price",
            "brokerage",
            "net_rate",
            "net_total",
        ],
        [
            "exchange",
            "order_no",
            "trade_no",
            "trade_time",
            "security",
            "side",
            "qty",
            "price",
            "brokerage",
            "net_total",
        ],
        [
            "order_no",
            "trade_no",
            "order_time",
            "trade_time",
            "security",
            "side",
            "qty",
            "price",
            "brokerage",
            "net_rate",
            "net_total",
        ],
    ],
    "upstox": [
        [
            "order_no",
            "order_time",
            "trade_no",
            "trade_time",
            "security",
            "side",
            "qty",
            "price",
            "brokerage",
            "net_rate",
            "net_total",
        ],
        [
            "exchange",
            "trade_no",
            "trade_time",
            "order_no",
            "order_time",
            "side",
            "security",
            "qty",
            "price",
            "brokerage",
            "net_rate",
            "net_total",
        ],
        [
            "order_no",
            "trade_no",
            "trade_time",
            "security",
            "isin",
            "side",
            "qty",
            "price",
            "net_rate",
            "brokerage",
            "net_total",
        ],
    ],
    "icici": [
        [
            "order_no",
            "order_time",
            "trade_no",
            "trade_time",
            "security",
            "side",
            "exchange",
            "qty",
            "price",
            "brokerage",
            "net_rate",
            "net_total",
        ],
        [
            "trade_no",
            "order_no",
            "trade_time",
            "security",
            "isin",
            "exchange",
            "side",
            "qty",
            "price",
            "brokerage",
            "net_total",
        ],
        [
            "order_no",
            "trade_no",
            "trade_time",
            "order_time",
            "side",
            "security",
            "qty",
            "net_rate",
            "price",
            "brokerage",
            "net_total",
        ],
    ],
    "generic": [
        [
            "order_no",
            "order_time",
            "trade_no",
            "trade_time",
            "security",
            "side",
            "exchange",
            "qty",
            "price",
            "brokerage",
            "net_rate",
            "net_total",
        ],
        [
            "trade_no",
            "trade_time",
            "order_no",
            "security",
            "side",
            "qty",
            "price",
            "brokerage",
            "net_total",
        ],
        [
            "exchange",
            "order_no",
            "order_time",
            "trade_no",
            "trade_time",
            "security",
            "isin",
            "side",
            "qty",
            "price",
            "net_rate",
            "brokerage",
            "net_total",
        ],
    ],
}


@dataclass(frozen=True)
class Variant:
    """Everything about a note's look that the seed decides."""

    index: int
    columns: list[str]
    wrap_header: bool
    repeat_header: bool
    charges_page: bool
    equity_style: int  # 0 SYMBOL-EQ/ISIN, 1 NAME (ISIN) wrapped, 2 NAME wrapped (+ISIN column)
    fo_style: int  # 0 NIFTY 26DEC2024 24000 CE, 1 OPTIDX NIFTY 26-Dec-2024 CE 24000.00
    side_words: bool
    signed: str  # parens, minus or unsigned
    grouping: bool
    charges_positive: bool
    phrasing: int
    date_format: str


def choose_variant(broker: str, seed: int) -> Variant:
    rng = random.Random(f"cn-layout-{broker}-{seed}")
    index = seed % 3
    columns = BROKER_COLUMNS[broker][index]
    return Variant(
        index=index,
        columns=columns,
        wrap_header=rng.random() < 0.5,
        repeat_header=rng.random() < 0.6,
        charges_page=rng.random() < 0.4,
        equity_style=2 if "isin" in columns else rng.choice([0, 1]),
        fo_style=rng.choice([0, 1]),
        side_words=rng.random() < 0.3,
        signed="unsigned"
        if "side" in columns and rng.random() < 0.2
        else rng.choice(["parens", "minus"]),
        grouping=rng.random() < 0.6,
        charges_positive=rng.random() < 0.5,
        phrasing=rng.randrange(3),
        date_format=rng.choice(["%d/%m/%Y", "%d-%b-%Y", "%Y-%m-%d", "%d-%m-%Y"]),
    )


def money(value: Decimal, v: Variant, places: int = 2, sign: bool = False) -> str:
    """An amount in the note's style; ``sign`` prints a negative one even where the trade
    table leaves signs to the buy/sell column."""
    text = indian(abs(value), places) if v.grouping else f"{abs(value):.{places}f}"
    if value < 0:
        style = "parens" if sign and v.signed == "unsigned" else v.signed
        return {"parens": f"({text})", "minus": f"-{text}", "unsigned": text}[style]
    return text


def contract_text(t: Trade, style: int) -> str:
    assert t.expiry is not None
    if style == 0:
        tail = f"{t.strike} {t.option_type}" if t.option_type else "FUT"
        return f"{t.symbol} {t.expiry:%d%b%Y}".upper() + f" {tail}"
    tail = f" {t.option_type} {t.strike:.2f}" if t.option_type else ""
    return f"{t.instrument} {t.symbol} {t.expiry:%d-%b-%Y}{tail}"


def security_lines(t: Trade, v: Variant) -> list[str]:
    width = COLUMNS["security"][1] - 4
    if t.segment != "EQ":
        return [contract_text(t, v.fo_style)]
    if v.equity_style == 0:
        return [f"{t.symbol}-EQ/{t.isin}"]
    if v.equity_style == 1:
        return wrap(f"{t.name} ({t.isin})", width, SIZE)
    return wrap(t.name, width, SIZE)


def cell(t: Trade, column: str, v: Variant) -> str:
    values: dict[str, Callable[[], str]] = {
        "order_no": lambda: t.order_number,
        "order_time": lambda: t.order_time,
        "trade_no": lambda: t.trade_number,
        "trade_time": lambda: t.trade_time,
        "isin": lambda: t.isin or "",
        "side": lambda: {"B": "Buy", "S": "Sell"}[t.side] if v.side_words else t.side,
        "exchange": lambda: t.exchange,
        "qty": lambda: indian(Decimal(t.quantity), 0) if v.grouping else str(t.quantity),
        # currency contracts trade to the quarter paisa
        "price": lambda: money(t.price, v, 4 if t.segment == "CD" else 2),
        "brokerage": lambda: money(t.brokerage, v),
        "brokerage_unit": lambda: money(t.brokerage / t.quantity, v, 4),
        "net_rate": lambda: money(t.net_rate, v, 4),
        "net_total": lambda: money(t.net_total, v),
    }
    return values[column]()


@dataclass
class Block:
    height: float
    draw: Callable[[Canvas, float], None]
    new_page: bool = False


class Renderer:
    def __init__(self, note: ContractNote, v: Variant) -> None:
        self.note, self.v = note, v
        self.x: dict[str, float] = {}
        x = LEFT
        for column in v.columns:
            self.x[column] = x
            x += COLUMNS[column][1] + GAP

    # ------------------------------------------------------------------ header block
    def label(self, key: str) -> str:
        return LABELS[key][self.v.phrasing]

    def top(self) -> Block:
        n, v = self.note, self.v

        def draw(c: Canvas, y: float) -> None:
            c.setFont(BOLD, 11)
            c.drawString(LEFT, y, n.broker.name)
            c.setFont(FONT, 7)
            c.drawString(LEFT, y - 10, f"SEBI Regn. No.: {n.broker.sebi}   Member: NSE, BSE")
            c.setFont(BOLD, 10)
            title = [
                "CONTRACT NOTE CUM TAX INVOICE",
                "Contract Note cum Tax Invoice",
                "CONTRACT NOTE",
            ][v.index]
            c.drawCentredString(PAGE_W / 2, y - 26, title)
            c.setFont(FONT, 6.5)
            c.drawCentredString(PAGE_W / 2, y - 34, "(Tax Invoice under Section 31 of GST Act)")
            left = [
                ("name", n.client_name),
                ("pan", n.pan),
                ("ucc", n.ucc),
                ("address", n.address[0]),
                (None, n.address[1]),
                ("supply", n.state_name.upper()),
                ("state", n.state_code),
            ]
            right = [
                ("note", n.note_number),
                ("trade_date", n.trade_date.strftime(v.date_format)),
                ("settlement_no", n.settlement_number),
                ("settlement_date", n.settlement_date.strftime(v.date_format)),
            ]
            c.setFont(FONT, 7)
            for i, (key, value) in enumerate(left):
                yy = y - 48 - i * 9
                if key:
                    c.drawString(LEFT, yy, f"{self.label(key)}")
                    c.drawString(LEFT + 80, yy, f": {value}")
                else:
                    c.drawString(LEFT + 80, yy, f"  {value}")
            for i, (key, value) in enumerate(right):
                yy = y - 48 - i * 9
                c.drawString(PAGE_W - 260, yy, f"{self.label(key)} : {value}")

        return Block(120, draw)

    # ------------------------------------------------------------------ trade table
    def header(self) -> Block:
        v = self.v
        titles = {
            column: wrap(COLUMNS[column][0], COLUMNS[column][1], SIZE)
            if v.wrap_header
            else [COLUMNS[column][0]]
            for column in v.columns
        }
        lines = max(len(parts) for parts in titles.values())

        def draw(c: Canvas, y: float) -> None:
            c.setFont(BOLD, SIZE)
            for column, parts in titles.items():
                _, width, right = COLUMNS[column]
                for i, part in enumerate(parts):
                    if right:
                        c.drawRightString(self.x[column] + width, y - i * STEP, part)
                    else:
                        c.drawString(self.x[column], y - i * STEP, part)
            rule = y - (lines - 1) * STEP - 3
            c.line(LEFT, rule, PAGE_W - LEFT, rule)

        return Block(lines * STEP + 4, draw)

    def row(self, t: Trade) -> Block:
        v = self.v
        names = security_lines(t, v)

        def draw(c: Canvas, y: float) -> None:
            c.setFont(FONT, SIZE)
            for column in v.columns:
                _, width, right = COLUMNS[column]
                if column == "security":
                    for i, part in enumerate(names):
                        c.drawString(self.x[column], y - i * STEP, part)
                    continue
                value = cell(t, column, v)
                if right:
                    c.drawRightString(self.x[column] + width, y, value)
                else:
                    c.drawString(self.x[column], y, value)

        return Block(len(names) * STEP + 1.5, draw)

    def section(self, t: Trade) -> Block:
        name = SECTION_NAMES[t.segment][self.v.phrasing]
        title = [
            f"Exchange : {t.exchange}    Segment : {name}",
            f"{t.exchange} - {name}",
            f"{t.exchange} {name} Segment",
        ][self.v.phrasing]

        def draw(c: Canvas, y: float) -> None:
            c.setFont(BOLD, 7)
            c.drawString(LEFT, y - 2, title)

        return Block(STEP + 4, draw)

    # ------------------------------------------------------------------ charges
    def charges(self) -> list[Block]:
        n, v = self.note, self.v
        names = SEGMENT_NAMES[v.phrasing]
        keys = [
            "obligation",
            "brokerage",
            "exchange",
            "clearing",
            "cgst",
            "sgst",
            "igst",
            "stt",
            "ctt",
            "sebi",
            "stamp",
            "ipf",
            "net",
        ]
        if not any(ch.clearing for ch in n.segment_charges.values()):
            keys.remove("clearing")
        if "MCX-COM" not in n.segment_charges:
            keys.remove("ctt")  # a note without commodity trades has no CTT row
        total = n.charges
        blocks = []
        x_label, x_first, col = LEFT, LEFT + 240, 90.0

        def head(c: Canvas, y: float) -> None:
            c.setFont(BOLD, 7)
            c.drawString(x_label, y, "Description")
            for i, key in enumerate(n.segments):
                c.drawRightString(x_first + (i + 1) * col, y, names[key])
            c.drawRightString(x_first + (len(n.segments) + 1) * col, y, "NET TOTAL")

        blocks.append(Block(12, head, new_page=v.charges_page))
        for key in keys:
            signed = key in ("obligation", "net")

            def draw(c: Canvas, y: float, key: str = key, signed: bool = signed) -> None:
                c.setFont(FONT, 7)
                c.drawString(x_label, y, CHARGE_LABELS[key][v.phrasing])
                values = [getattr(ch, key) for ch in n.segment_charges.values()]
                values.append(getattr(total, key))
                for i, value in enumerate(values):
                    shown = value if signed or v.charges_positive else -value
                    c.drawRightString(x_first + (i + 1) * col, y, money(shown, v, sign=True))

            blocks.append(Block(9, draw))
        return blocks

    # ------------------------------------------------------------------ pages
    def pages(self) -> list[list[tuple[float, Block]]]:
        pages: list[list[tuple[float, Block]]] = [[]]
        y = TOP

        def place(block: Block) -> None:
            nonlocal y
            if block.new_page or y - block.height < BOTTOM:
                pages.append([])
                y = TOP
            pages[-1].append((y, block))
            y -= block.height

        place(self.top())
        header = self.header()
        place(header)
        sectioned = "exchange" not in self.v.columns
        previous = None
        for t in self.note.trades:
            if sectioned and t.segment_key != previous:
                place(self.section(t))
                previous = t.segment_key
            block = self.row(t)
            if y - block.height < BOTTOM:
                pages.append([])
                y = TOP
                if self.v.repeat_header:
                    place(header)
            place(block)
        y -= 10
        for block in self.charges():
            place(block)
        return pages

    def draw(self) -> bytes:
        out = io.BytesIO()
        c = Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
        c.setTitle(f"Contract Note {self.note.note_number}")
        pages = self.pages()
        for number, page in enumerate(pages, start=1):
            for y, block in page:
                block.draw(c, y)
            c.setFont(FONT, 6)
            c.drawRightString(PAGE_W - LEFT, 20, f"Page {number} of {len(pages)}")
            c.drawString(LEFT, 20, self.note.broker.name)
            c.showPage()
        c.save()
        return out.getvalue()


def _draw(note: ContractNote, variant: Variant) -> bytes:
    """The note in ``variant``; the ground truth follows what the layout implies."""
    if "brokerage_unit" in variant.columns:
        per_unit_brokerage(note)
    if "exchange" not in variant.columns:
        # no exchange column: the note groups trades under a heading per segment (stable sort,
        # so the ground truth lists trades in the printed order)
        note.trades.sort(key=lambda t: note.segments.index(t.segment_key))
    return Renderer(note, variant).draw()


def render_note(note: ContractNote, seed: int, password: str | None = None) -> bytes:
    """The note drawn in the seed's layout; encrypted with ``password`` (the PAN) if given."""
    pdf = _draw(note, choose_variant(note.broker.key, seed))
    return encrypt(pdf, password, "AES-128") if password else pdf


def render_days(notes: list[ContractNote], seed: int, password: str) -> bytes:
    """Several days' notes in one PDF, one after another, each from a new page."""
    variant = choose_variant(notes[0].broker.key, seed)
    merged = pikepdf.new()
    for note in notes:
        with pikepdf.open(io.BytesIO(_draw(note, variant))) as one:
            merged.pages.extend(one.pages)
    out = io.BytesIO()
    merged.save(out, deterministic_id=True)
    return encrypt(out.getvalue(), password, "AES-128")


def per_unit_brokerage(note: ContractNote) -> None:
    """Brokerage printed per unit (4 places): each trade's brokerage becomes units x that rate,
    and the charges follow."""
    for t in note.trades:
        t.brokerage = q(t.brokerage / t.quantity, Q4) * t.quantity
    charge(note)


def generate(broker: str, seed: int, trades: int | None = None) -> tuple[bytes, ContractNote]:
    """A PAN-encrypted note of ``broker`` and its ground truth, fully determined by the seed."""
    note = generate_note(broker, seed, trades)
    return render_note(note, seed, note.pan), note
