"""An eCAS portfolio drawn as NSDL prints it (statement-layouts.md section 2.3)."""

from __future__ import annotations

from decimal import Decimal

from .ecas_portfolio import Account, EcasPortfolio, Folio, Holding
from .ecas_render import BOLD, Pen, equal_width, isin_lines, pdraw, word_wrap
from .ecas_securities import AIF, BOND, EQUITY, GSEC, MF
from .ecas_variants import VARIANTS, EcasVariant
from .money import indian
from .render import Item

NAME_CHARS = 24
BOND_CHARS = 18
LABELS = {
    EQUITY: "Equities (E)",
    MF: "Mutual Funds (M)",
    BOND: "Corporate Bonds (C)",
    GSEC: "Government Securities (G)",
    AIF: "Alternate Investment Fund (A)",
}


def dmy(d: object) -> str:
    return d.strftime("%d-%b-%Y")  # type: ignore[attr-defined]


def num(value: Decimal, places: int, dash: bool = False, bare: bool = False) -> str:
    """Indian grouping; ``--`` for an empty cell; ``.196`` without the leading zero."""
    if dash and value == 0:
        return "--"
    text = indian(value, places)
    return text[1:] if bare and text.startswith("0.") else text


def line(
    s: str,
    size: float = 7.0,
    x: float = 40.0,
    step: float = 14.0,
    bold: bool = False,
    hindi: bool = False,
) -> Item:
    def draw(pen: Pen, y: float) -> None:
        pen.text(x, y, s, size, BOLD if bold else "Helvetica")
        if hindi:
            pen.overlay(x, y)

    return pdraw(draw, step, keep=bold)


def lines_item(
    rows: list[list[tuple[float, str, str]]],
    step: float,
    size: float = 7.0,
    gap: float = 13.0,
    keep: bool = False,
) -> Item:
    """Lines of cells ``(x, text, align)``, ``step`` apart; ``align`` is ``l`` or ``r``."""

    def draw(pen: Pen, y: float) -> None:
        for i, cells in enumerate(rows):
            for x, s, align in cells:
                (pen.rtext if align == "r" else pen.text)(x, y - step * i, s, size)

    return pdraw(draw, step * (len(rows) - 1) + gap, keep)


def _stack(*columns: list[tuple[float, str, str]]) -> list[list[tuple[float, str, str]]]:
    """Rows of cells from per-column stacks (column i's j-th entry goes to line j)."""
    depth = max(len(c) for c in columns)
    return [[c[j] for c in columns if j < len(c)] for j in range(depth)]


# --------------------------------------------------------------------------- page 1 and 2


def cover(p: EcasPortfolio) -> list[Item]:
    month = p.end.strftime("%B %Y")
    return [
        line("National Securities Depository Limited", 12, step=18, bold=True),
        line(f"Consolidated Account Statement for the month of {month}", 9, step=22),
        line("Dear Investor,", 8, step=12),
        line(
            "This statement consolidates the securities held in your demat accounts and the",
            7,
            step=9,
        ),
        line("units of mutual funds held with the registrars under your PAN.", 7, step=20),
        line("About NSDL", 9, step=12, bold=True, hindi=True),
        line(
            "National Securities Depository Limited is a market infrastructure institution",
            7,
            step=9,
        ),
        line("holding securities in dematerialised form for investors.", 7, step=9),
    ]


def _groups(p: EcasPortfolio) -> list[tuple[list[tuple[str, str]], list[Account], bool]]:
    groups = [(p.accounts[0].holders, list(p.accounts), True)]
    if p.joint:
        groups.append((p.joint.holders, [p.joint], False))
    return groups


def _group_value(accounts: list[Account], folios: list[Folio] | None) -> Decimal:
    return sum((a.value for a in accounts), Decimal(0)) + sum(
        (f.value for f in folios or []), Decimal(0)
    )


def summary_page(p: EcasPortfolio, printed: Decimal) -> list[Item]:
    inv = p.investor
    block = [f"NSDL ID: {inv.cas_id}", inv.name, *inv.address, f"PINCODE: {inv.pincode}"]

    def head(pen: Pen, y: float) -> None:
        pen.text(330, y, f"Statement for the period from {dmy(p.start)} to {dmy(p.end)}", 7)
        for i, s in enumerate(block):
            pen.text(40, y - 9 * i, s, 8, BOLD if i == 1 else "Helvetica")
        pen.text(
            40,
            y - 9 * len(block) - 14,
            f"YOUR CONSOLIDATED PORTFOLIO VALUE ` {indian(printed)}",
            9,
            BOLD,
        )

    items = [pdraw(head, 9 * len(block) + 34)]
    for holders, accounts, first in _groups(p):
        single = len(holders) == 1
        items.append(
            line(
                "In the single name of" if single else "In the joint Names of",
                7,
                step=14,
                hindi=True,
            )
        )
        items.append(lines_item([[(40, f"{n} (PAN:{pan})", "l")] for n, pan in holders], 8))
        items.append(
            lines_item(
                [
                    [
                        (40, "Account Type", "l"),
                        (150, "Account Details", "l"),
                        (420, "No. of ISINs / Schemes", "r"),
                        (540, "Value in `", "r"),
                    ]
                ],
                8,
            )
        )
        for a in accounts:
            items.append(
                lines_item(
                    [
                        [
                            (40, f"{a.depository} Demat Account", "l"),
                            (150, a.dp_name, "l"),
                            (420, str(len(a.holdings)), "r"),
                            (540, indian(a.value), "r"),
                        ],
                        [(150, f"DP ID:{a.dp_id} Client ID:{a.client_id}", "l")],
                    ],
                    7,
                )
            )
        folios = p.folios if first else []
        if folios:
            items.append(
                lines_item(
                    [
                        [
                            (40, "Mutual Fund Folios", "l"),
                            (150, f"{len(folios)} Folios", "l"),
                            (420, str(len(folios)), "r"),
                            (540, indian(sum((f.value for f in folios), Decimal(0))), "r"),
                        ]
                    ],
                    7,
                )
            )
        items.append(
            lines_item(
                [[(350, "Total", "l"), (540, indian(_group_value(accounts, folios)), "r")]], 7
            )
        )
    items.append(lines_item([[(350, "Grand Total", "l"), (540, indian(printed), "r")]], 7))
    return items


# --------------------------------------------------------------------------- holdings


def band(a: Account) -> Item:
    """The per-account header band (one block for the peer's reader)."""
    holders = [f"{n} (PAN:{pan})" for n, pan in a.holders]
    left = [
        (40, f"{a.depository} Demat Account", "l"),
        (40, a.dp_name, "l"),
        (40, f"DP ID: {a.dp_id}", "l"),
    ]
    label = "ACCOUNT HOLDERS" if len(holders) > 1 else "ACCOUNT HOLDER"
    right = [(330, label, "l"), *[(330, h, "l") for h in holders]]
    rows = _stack(left, right)
    rows[2].append((160, f"Client ID: {a.client_id}", "l"))
    return lines_item(rows, 8, gap=16, keep=True)


def _name_lines(name: str, chars: int) -> list[str]:
    return equal_width(name, chars)


def equity_summary(h: Holding, split: bool, v: EcasVariant = VARIANTS[0]) -> Item:
    x = EQUITY_X[v.symbol_beside]
    isin = [(40, s, "l") for s in isin_lines(h.security.isin, split)]
    symbol = f"{h.security.symbol}.NSE"
    name = [(x["name"], s, "l") for s in _name_lines(h.security.name, v.name_chars)]
    shares = [(x["shares"], num(h.units, 0), "r")]
    if h.pledged:
        shares.append((x["shares"], num(h.pledged, 0), "r"))
    rows = _stack(isin if v.symbol_beside else [*isin, (40, symbol, "l")], name, shares)
    if v.symbol_beside:
        rows[0].append((x["symbol"], symbol, "l"))
    if v.face_value_column:
        rows[0].append((x["face"], num(h.face_value, 2), "r"))
    rows[0] += [(x["price"], num(h.price, 2), "r"), (x["value"], num(h.value, 2), "r")]
    return lines_item(rows, 7)


#: column positions of the equity summary table: symbol below the ISIN, or beside it
EQUITY_X = {
    False: {"name": 118, "face": 275, "shares": 340, "price": 420, "value": 500},
    True: {"symbol": 96, "name": 175, "face": 340, "shares": 400, "price": 465, "value": 540},
}


def mf_summary(h: Holding, split: bool, aif: bool, v: EcasVariant = VARIANTS[0]) -> Item:
    isin = [(40, s, "l") for s in isin_lines(h.security.isin, split)]
    name = [(108, s, "l") for s in _name_lines(h.security.name, v.name_chars)]
    units = [(380, num(h.units, 3, bare=True), "r")]
    if h.pledged:
        units.append((380, num(h.pledged, 3, bare=True), "r"))
    rows = _stack(isin, name, units)
    rows[0] += [(450, num(h.price, 4), "r"), (530, num(h.value, 2), "r")]
    return lines_item(rows, 7)


def detailed(h: Holding, split: bool) -> Item:
    """CDSL accounts' form: three balances stacked per cell."""
    isin = [(40, s, "l") for s in isin_lines(h.security.isin, split)]
    name = [(105, s, "l") for s in _name_lines(h.security.name, 22)]
    places = 0 if h.security.cls == EQUITY else 3
    c1 = [(290, num(h.units, places), "r"), (290, num(h.free, places), "r"), (290, "--", "r")]
    c2 = [(360, "--", "r"), (360, num(h.locked, places, dash=True), "r"), (360, "--", "r")]
    c3 = [(430, num(h.pledged, places, dash=True), "r"), (430, "--", "r"), (430, "--", "r")]
    rows = _stack(isin, name, c1, c2, c3)
    rows[0] += [(490, num(h.price, 2 if places == 0 else 4), "r"), (560, num(h.value, 2), "r")]
    return lines_item(rows, 7, size=6.5)


def coupon_frequency(h: Holding, v: EcasVariant) -> str:
    """The coupon's frequency as the variant's year prints it."""
    if h.security.cls == BOND:
        return "Semi Annual" if v.index % 2 else "Half Yearly"
    return "Annual" if v.index % 2 else "Yearly"


def bond(h: Holding, split: bool, v: EcasVariant = VARIANTS[0]) -> Item:
    isin = [(28, s, "l") for s in isin_lines(h.security.isin, split)]
    name = [(82, s, "l") for s in _name_lines(h.security.name, BOND_CHARS)]
    coupon = [
        (178, coupon_frequency(h, v), "l"),
        (236, num(h.coupon or Decimal(0), 2), "r"),
    ]
    rows = _stack(isin, name, coupon)
    rows[0] += [
        (245, h.maturity or "--", "l"),
        (385, num(h.units, 0), "r"),
        (490, num(h.face_value, 2), "r"),
        (565, num(h.value, 2), "r"),
    ]
    return lines_item(rows, 7, size=6)


HEADERS = {
    "equity": [
        [
            (40, "ISIN / Stock Symbol", "l"),
            (108, "Company Name", "l"),
            (275, "Face Value in `", "r"),
            (340, "No. of Shares", "r"),
            (420, "Market Price in `", "r"),
            (500, "Value in `", "r"),
        ]
    ],
    "mf": [
        [
            (40, "ISIN", "l"),
            (108, "ISIN Description", "l"),
            (380, "No. of Units", "r"),
            (450, "NAV in `", "r"),
            (530, "Value in `", "r"),
        ]
    ],
    "aif": [
        [
            (40, "ISIN", "l"),
            (108, "Scheme Name", "l"),
            (380, "No. of Units", "r"),
            (450, "NAV in `", "r"),
            (530, "Value in `", "r"),
        ]
    ],
    "detailed": [
        [
            (40, "ISIN", "l"),
            (105, "Security", "l"),
            (290, "Current Bal.", "r"),
            (360, "Safekeep Bal.", "r"),
            (430, "Pledged Bal.", "r"),
            (490, "Market Price /", "r"),
            (560, "Value in `", "r"),
        ],
        [
            (290, "Free Bal.", "r"),
            (360, "Locked In Bal.", "r"),
            (430, "Earmarked Bal.", "r"),
            (490, "Face Value", "r"),
        ],
        [(290, "Lent Bal.", "r"), (360, "Pledge Setup Bal.", "r"), (430, "Pledgee Bal.", "r")],
    ],
    "bond": [
        [
            (28, "ISIN", "l"),
            (82, "Security Name", "l"),
            (178, "Coupon Rate", "l"),
            (245, "Maturity Date", "l"),
            (385, "No. of Bonds", "r"),
            (490, "Face Value in `", "r"),
            (565, "Value in `", "r"),
        ]
    ],
}


def header(kind: str, v: EcasVariant = VARIANTS[0]) -> Item:
    size = 6.0 if kind == "bond" else 6.5
    rows = HEADERS[kind]
    if kind == "equity":
        rows = equity_header(v)
    elif v.header_lines > 1 and len(rows) == 1:
        rows = wrapped(rows, v.header_lines, v.currency)
    return lines_item(rows, 7, size=size, keep=True)


def equity_header(v: EcasVariant) -> list[list[tuple[float, str, str]]]:
    """The equity table's header: one line, or wrapped as NSDL's newer template wraps it."""
    x = EQUITY_X[v.symbol_beside]
    cur = v.currency
    one = [
        (40, "ISIN", "l"),
        *([(x["symbol"], "Stock Symbol", "l")] if v.symbol_beside else []),
        (x["name"], "Company Name", "l"),
        *([(x["face"], f"Face Value {cur}", "r")] if v.face_value_column else []),
        (x["shares"], "No. of Shares", "r"),
        (x["price"], f"Market Price {cur}", "r"),
        (x["value"], f"Value {cur}", "r"),
    ]
    if not v.symbol_beside:
        one[0] = (40, "ISIN / Stock Symbol", "l")
    if v.header_lines == 1:
        return [one]
    return wrapped([one], v.header_lines, cur, symbol_below=not v.symbol_beside)


def wrapped(
    rows: list[list[tuple[float, str, str]]], lines: int, cur: str, symbol_below: bool = False
) -> list[list[tuple[float, str, str]]]:
    """A one-line header cut into ``lines`` baselines at the word boundaries NSDL uses."""
    out: list[list[tuple[float, str, str]]] = [[] for _ in range(max(lines, len(rows)))]
    for depth, row in enumerate(rows):
        for x, text, align in row:
            text = text.replace("in `", cur)
            if text == "ISIN / Stock Symbol" and symbol_below:
                parts = ["ISIN", "Stock Symbol"]
            else:
                parts = _cut(text, lines - depth)
            for i, part in enumerate(parts):
                out[depth + i].append((x, part, align))
    return [r for r in out if r]


def _cut(text: str, lines: int) -> list[str]:
    words = text.split(" ")
    if lines <= 1 or len(words) == 1:
        return [text]
    if lines == 2 or len(words) == 2:
        half = (len(words) + 1) // 2
        return [" ".join(words[:half]), " ".join(words[half:])]
    return [words[0], " ".join(words[1:-1]), words[-1]]


def account_holdings(
    a: Account, flags: dict[str, bool], quirk: list[int], v: EcasVariant = VARIANTS[0]
) -> list[Item]:
    items = [band(a)]
    cdsl = a.depository == "CDSL"
    for cls in (EQUITY, MF, BOND, GSEC, AIF):
        rows = [h for h in a.holdings if h.security.cls == cls]
        if not rows:
            continue
        items.append(line(LABELS[cls], 8, step=14, bold=True, hindi=flags["hindi"]))
        if cls == EQUITY:
            items.append(line("Equity Shares", 7, step=14, bold=True))
        kind = {EQUITY: "equity", MF: "mf", BOND: "bond", GSEC: "bond", AIF: "aif"}[cls]
        if cdsl and cls in (EQUITY, MF) and not v.cdsl_summary_form:
            kind = "detailed"
        head = header(kind, v)
        items.append(head)
        repeat: tuple[Item, ...] = ()
        if v.repeat_header is not None:
            again = line(LABELS[cls] + v.repeat_header, 8, step=14, bold=True)
            repeat = (again, head) if v.repeat_header else (head,)
        for h in rows:
            quirk[0] += 1
            split = flags["soft_hyphen"] and quirk[0] % 4 == 1
            if kind == "equity":
                item = equity_summary(h, split, v)
            elif kind == "detailed":
                item = detailed(h, split)
            elif kind == "bond":
                item = bond(h, split, v)
            else:
                item = mf_summary(h, split, kind == "aif", v)
            item.repeat_on_break = repeat
            items.append(item)
        subtotal = sum((h.value for h in rows), Decimal(0))
        items.append(lines_item([[(40, "Sub Total", "l"), (565, indian(subtotal), "r")]], 7))
    items.append(lines_item([[(40, "Total", "l"), (565, indian(a.value), "r")]], 7, gap=18))
    return items


def folio_row(f: Folio, split: bool) -> Item:
    isin = [(30, s, "l") for s in isin_lines(f.ident.isin, split)] + [(30, f.ucc, "l")]
    desc = [(92, s, "l") for s in word_wrap(f"{f.ident.rta_code}-{f.ident.name}", 88, 6)]
    rows = _stack(isin, desc)
    gain = f.value - f.cost
    ret = (gain * 100 / f.cost).quantize(Decimal("0.01")) if f.cost else Decimal(0)
    rows[0] += [
        (185, f.folio, "l"),
        (268, num(f.units, 3, bare=True), "r"),
        (310, num(f.avg_cost, 4), "r"),
        (360, num(f.cost, 2), "r"),
        (400, num(f.nav, 4), "r"),
        (455, num(f.value, 2), "r"),
        (530, indian(gain, 2, parens=False), "r"),
        (565, indian(ret, 2, parens=False), "r"),
    ]
    if f.value >= 100000:  # lakh values are printed twice: in full and truncated
        rows[0].append((492, indian(f.value)[3:].lstrip(","), "r"))
    return lines_item(rows, 7, size=6)


FOLIO_HEADER = [
    [
        (30, "ISIN / UCC", "l"),
        (92, "ISIN Description", "l"),
        (185, "Folio No.", "l"),
        (268, "No. of", "r"),
        (310, "Average Cost", "r"),
        (360, "Total Cost", "r"),
        (400, "Current NAV", "r"),
        (455, "Current Value", "r"),
        (530, "Unrealised", "r"),
        (565, "Annualised", "r"),
    ],
    [
        (268, "Units", "r"),
        (310, "Per Units", "r"),
        (400, "per unit", "r"),
        (530, "Profit/(Loss)", "r"),
        (565, "Return(%)", "r"),
    ],
]


def folios_section(p: EcasPortfolio, flags: dict[str, bool]) -> list[Item]:
    items = [
        line("Mutual Fund Folios (F)", 8, step=14, bold=True, hindi=flags["hindi"]),
        lines_item(FOLIO_HEADER, 7, size=6, keep=True),
    ]
    for i, f in enumerate(p.folios):
        items.append(folio_row(f, flags["soft_hyphen"] and i == 0))
    total = sum((f.value for f in p.folios), Decimal(0))
    items.append(lines_item([[(30, "Total", "l"), (455, indian(total), "r")]], 7, gap=18))
    return items


def group_heading(
    holders: list[tuple[str, str]], value: Decimal, p: EcasPortfolio, classes: dict[str, Decimal]
) -> list[Item]:
    name = holders[0][0]
    items = [
        line(f"{name} ` {indian(value)} Holdings as on {dmy(p.end)}", 8, step=14, bold=True),
        line("PORTFOLIO COMPOSITION", 7, step=12, bold=True),
    ]
    for label, amount in classes.items():
        share = (amount * 100 / value).quantize(Decimal("0.01")) if value else Decimal(0)
        items.append(
            lines_item(
                [[(40, label, "l"), (400, indian(amount), "r"), (480, indian(share), "r")]],
                7,
                gap=10,
            )
        )
    items.append(
        lines_item(
            [[(40, "TOTAL", "l"), (400, indian(value), "r"), (480, "100.00", "r")]], 7, gap=18
        )
    )
    return items


def composition(accounts: list[Account], folios: list[Folio]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    names = {
        EQUITY: "Equities (E)",
        MF: "Mutual Funds (M)",
        BOND: "Corporate Bonds (C)",
        GSEC: "Government Securities (G)",
        AIF: "Alternate Investment Fund (A)",
    }
    for cls, label in names.items():
        amount = sum(
            (h.value for a in accounts for h in a.holdings if h.security.cls == cls), Decimal(0)
        )
        if amount:
            out[label] = amount
    if folios:
        out["Mutual Fund Folios (F)"] = sum((f.value for f in folios), Decimal(0))
    return out


# --------------------------------------------------------------------------- transactions

NSDL_TX = [
    [
        (30, "Date", "l"),
        (80, "Order No", "l"),
        (140, "Description", "l"),
        (300, "Instruction Details", "l"),
        (400, "Opening Balance", "r"),
        (450, "Debit", "r"),
        (500, "Credit", "r"),
        (560, "Closing Balance", "r"),
    ]
]
CDSL_TX = [
    [
        (30, "Date", "l"),
        (80, "Transaction Particulars", "l"),
        (400, "Credit", "r"),
        (470, "Debit", "r"),
        (560, "Current Balance", "r"),
    ]
]


def transactions(a: Account) -> list[Item]:
    moving = [h for h in a.holdings if h.movements]
    if not moving:
        return []
    cdsl = a.depository == "CDSL"
    items = [
        band(a),
        line(f"Summary of Transactions of {a.holders[0][0]}", 7, step=12),
        lines_item(CDSL_TX if cdsl else NSDL_TX, 7, size=6, keep=True),
    ]
    for h in moving:
        places = 0 if h.security.cls in (EQUITY, BOND, GSEC) else 3
        items.append(
            line(f"ISIN : {h.security.isin} - {h.security.name}", 6.5, x=30, step=12, bold=True)
        )
        rows: list[list[tuple[float, str, str]]] = []
        if cdsl:
            rows.append([(80, "Opening Balance", "l"), (560, num(h.opening, places), "r")])
        for m in h.movements:
            before = m.balance - m.units
            credit = num(m.units, places) if m.units > 0 else "--"
            debit = num(-m.units, places) if m.units < 0 else "--"
            if cdsl:
                rows.append(
                    [
                        (30, dmy(m.day), "l"),
                        (80, m.description, "l"),
                        (400, credit, "r"),
                        (470, debit, "r"),
                        (560, num(m.balance, places), "r"),
                    ]
                )
            else:
                rows.append(
                    [
                        (30, dmy(m.day), "l"),
                        (80, m.order_no or "", "l"),
                        (140, m.description, "l"),
                        (300, "--", "l"),
                        (400, num(before, places), "r"),
                        (450, debit, "r"),
                        (500, credit, "r"),
                        (560, num(m.balance, places), "r"),
                    ]
                )
        if cdsl:
            rows.append([(80, "Closing Balance", "l"), (560, num(h.units, places), "r")])
        items += [lines_item([r], 10, size=6, gap=11) for r in rows]
    return items


def directory(p: EcasPortfolio) -> list[Item]:
    items = [
        line("Mutual Fund Folio Details", 8, step=14, bold=True),
        lines_item(
            [
                [
                    (30, "Folio No. / AMC NAME", "l"),
                    (190, "HOLDER DETAILS / NOMINEE", "l"),
                    (330, "KYC Status", "l"),
                    (385, "MOBILE NO", "l"),
                    (440, "EMAIL ID", "l"),
                    (540, "RTA", "l"),
                ]
            ],
            7,
            size=6,
            keep=True,
        ),
    ]
    for f in p.folios:
        inv = p.investor
        items.append(
            lines_item(
                [
                    [
                        (30, f.folio, "l"),
                        (190, inv.name, "l"),
                        (330, "KYC OK", "l"),
                        (385, "XXXXXX1234", "l"),
                        (440, "xx***@example.com", "l"),
                        (540, f.ident.registrar, "l"),
                    ],
                    [(30, f.ident.amc, "l"), (190, "NOMINEE REGISTERED", "l")],
                ],
                7,
                size=6,
            )
        )
    return items


def body(p: EcasPortfolio, flags: dict[str, bool], v: EcasVariant = VARIANTS[0]) -> list[Item]:
    items: list[Item] = []
    quirk = [0]
    for holders, accounts, first in _groups(p):
        folios = p.folios if first else []
        items += group_heading(
            holders, _group_value(accounts, folios), p, composition(accounts, folios)
        )
        for a in accounts:
            items += account_holdings(a, flags, quirk, v)
        if folios:
            items += folios_section(p, flags)
    items.append(
        line(
            f"Transactions for the period from {dmy(p.start)} to {dmy(p.end)}",
            8,
            step=16,
            bold=True,
        )
    )
    for a in p.all_accounts():
        items += transactions(a)
    if p.folios:
        items += directory(p)
    items.append(line("***End of Statement***", 7, x=250, step=12))
    return items


def banner(pen: Pen, number: int, total: int) -> None:
    if number > 1:
        pen.text(380, 815, "NSDL Consolidated Account Statement", 7)
    pen.text(500, 24, f"Page {number} of {total}", 6)
