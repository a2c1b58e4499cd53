"""An eCAS portfolio drawn as CDSL prints it (statement-layouts.md section 2.4).

Page 1 is the summary of investments, page 2 the investor block, roster and consolidated
portfolio; then account details, mutual-fund folio descriptions, per-account transactions and
holding statements (every class in one table), the mutual-fund units table and NPS. Rows are
spaced so that the peer's block reader sees one block per row, as in CDSL's files.
"""

from __future__ import annotations

from decimal import Decimal

from .ecas_nsdl import _stack, line, lines_item, num
from .ecas_portfolio import Account, EcasPortfolio, Folio, Holding, listing_marker
from .ecas_render import BOLD, Pen, equal_width, isin_lines, pdraw, width, word_wrap
from .ecas_securities import AIF, BOND, EQUITY, GSEC, MF
from .ecas_variants import VARIANTS, EcasVariant
from .money import indian
from .render import Item

NAME_CHARS = 20
TX_NAME_CHARS = 10
#: folios longer than this wrap their ``<digits>/<digits>`` tail onto a second line
FOLIO_CHARS = 10
CLASS_LABELS = {
    EQUITY: "Equities",
    MF: "Mutual Funds (Demat)",
    BOND: "Corporate Bonds",
    GSEC: "Government Securities",
    AIF: "Alternate Investment Funds",
}


def dmy(d: object) -> str:
    return d.strftime("%d-%m-%Y")  # type: ignore[attr-defined]


def marker(isin: str) -> str:
    """A deterministic status marker: ``@`` suspended, ``!!`` unlisted, ``##`` liquidation."""
    return listing_marker(isin)


def _groups(p: EcasPortfolio) -> list[tuple[list[tuple[str, str]], list[Account], bool]]:
    groups = [(p.accounts[0].holders, list(p.accounts), True)]
    if p.joint:
        groups.append((p.joint.holders, [p.joint], False))
    return groups


def _group_value(p: EcasPortfolio, accounts: list[Account], first: bool) -> Decimal:
    value = sum((a.value for a in accounts), Decimal(0))
    if first:
        value += sum((f.value for f in p.folios), Decimal(0))
        value += p.nps.value if p.nps else Decimal(0)
    return value


# --------------------------------------------------------------------------- pages 1 and 2


def cover(p: EcasPortfolio, printed: Decimal, v: EcasVariant = VARIANTS[0]) -> list[Item]:
    items = [
        line("Central Depository Services (India) Limited", 12, step=18, bold=True),
        line("Consolidated Account Statement", 9, step=16, hindi=True),
        *_cover_period(p, v),
        line("Summary of Investments", 9, step=16, bold=True, hindi=True),
        lines_item(
            [
                [
                    (40, "Name / Joint Name(s)", "l"),
                    (400, "Portfolio Valuation", "r"),
                    (480, "View Statement", "l"),
                ]
            ],
            8,
            gap=16,
        ),
    ]
    for holders, accounts, first in _groups(p):
        names = " / ".join(n for n, _ in holders)
        value = _group_value(p, accounts, first)
        items.append(
            lines_item([[(40, names, "l"), (400, indian(value), "r"), (480, "Click here", "l")]], 8)
        )
    items += [
        lines_item([[(40, "Total", "l"), (400, indian(printed), "r")]], 8, gap=20),
        line(
            "Accounts held with National Securities Depository Limited (NSDL) are listed as",
            7,
            step=9,
        ),
        line("received from NSDL and are included in this statement.", 7, step=9),
    ]
    return items


def _cover_period(p: EcasPortfolio, v: EcasVariant) -> list[Item]:
    """Newer statements print the period on page 1 (and not on page 2), in any case."""
    if v.period_style % 2 == 0:
        return []
    text = f"STATEMENT FOR THE PERIOD FROM {dmy(p.start)} TO {dmy(p.end)}"
    return [line(text if v.period_style == 1 else text.title(), 8, step=14, bold=True)]


def summary_page(p: EcasPortfolio, printed: Decimal, v: EcasVariant = VARIANTS[0]) -> list[Item]:
    inv = p.investor
    block = [f"CAS ID: {inv.cas_id}", inv.name, *inv.address, f"PINCODE: {inv.pincode}"]
    period = (
        "CONSOLIDATED ACCOUNT STATEMENT (CAS) FOR SECURITIES HELD IN DEMAT FORM AND "
        "INVESTMENTS IN MUTUAL FUNDS"
    )

    def head(pen: Pen, y: float) -> None:
        pen.text(40, y, period, 6.5, BOLD)
        if v.period_style % 2 == 0:
            when = f"FOR THE PERIOD FROM {dmy(p.start)} TO {dmy(p.end)}"
            pen.text(40, y - 9, when if v.period_style == 0 else when.lower(), 6.5, BOLD)
        for i, s in enumerate(block):
            pen.text(40, y - 28 - 9 * i, s, 8, BOLD if i == 1 else "Helvetica")

    items = [pdraw(head, 9 * len(block) + 40)]
    for holders, accounts, first in _groups(p):
        single = len(holders) == 1
        label = "In the single name of" if single else "In the joint names of"
        items.append(line(label, 7, step=14, hindi=True))
        items.append(lines_item([[(40, f"{n} ( PAN :{pan} )", "l")] for n, pan in holders], 8))
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
                        [(150, f"DP Id: {a.dp_id} Client Id : {a.client_id}", "l")],
                    ],
                    7,
                )
            )
        if first and p.folios:
            value = sum((f.value for f in p.folios), Decimal(0))
            count = str(len(p.folios))
            items.append(
                lines_item(
                    [
                        [
                            (40, "Mutual Fund Folios", "l"),
                            (150, f"{count} Folios", "l"),
                            (420, count, "r"),
                            (540, indian(value), "r"),
                        ]
                    ],
                    7,
                )
            )
        if first and p.nps:
            items.append(
                lines_item(
                    [
                        [
                            (40, "NPS Account", "l"),
                            (150, f"PRAN ID : {p.nps.pran}", "l"),
                            (420, str(len(p.nps.funds)), "r"),
                            (540, indian(p.nps.value), "r"),
                        ]
                    ],
                    7,
                )
            )
        items.append(
            lines_item(
                [[(350, "Total", "l"), (540, indian(_group_value(p, accounts, first)), "r")]], 7
            )
        )
    items.append(line("Consolidated Portfolio", 8, step=14, bold=True, hindi=True))
    items.append(lines_item([[(40, "Asset Class", "l"), (400, "Value in `", "r")]], 7))
    for label, amount in composition(p).items():
        items.append(lines_item([[(40, label, "l"), (400, indian(amount), "r")]], 7, gap=11))
    items.append(
        lines_item([[(40, "Consolidated Portfolio Value", "l"), (400, indian(printed), "r")]], 7)
    )
    return items


def composition(p: EcasPortfolio) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for cls, label in CLASS_LABELS.items():
        amount = sum(
            (h.value for a in p.all_accounts() for h in a.holdings if h.security.cls == cls),
            Decimal(0),
        )
        if amount:
            out[label] = amount
    if p.folios:
        out["Mutual Fund Folios"] = sum((f.value for f in p.folios), Decimal(0))
    if p.nps:
        out["National Pension System"] = p.nps.value
    return out


# --------------------------------------------------------------------------- account details


def _kv(pairs: list[tuple[float, str]]) -> Item:
    return lines_item([[(x, s, "l") for x, s in pairs]], 7, gap=12)


def _kv_block(rows: list[list[tuple[float, str]]], v: EcasVariant) -> list[Item]:
    """``Label : value`` pairs as the variant prints them: paired, one per line, upper-case."""
    if v.kv_style == 1:
        return [_kv([(40, s)]) for row in rows for _, s in row]
    if v.kv_style == 2:
        rows = [[(x, _upper_label(s)) for x, s in row] for row in rows]
    return [_kv(row) for row in rows]


def _upper_label(s: str) -> str:
    label, value = s.split(" : ", 1)
    return f"{label.upper()} : {value}"


def account_details(a: Account, v: EcasVariant = VARIANTS[0]) -> list[Item]:
    dp = [(40, f"DP Name : {a.dp_name}"), (300, f"DP ID : {a.dp_id}")]
    return [
        line(f"{a.depository} Demat Account", 8, step=13, bold=True),
        _kv([*dp, (420, f"CLIENT ID : {a.client_id}")]),
        *_kv_block(
            [
                [(40, f"BO Status : {a.bo_status}"), (300, f"BO Sub Status : {a.bo_sub_status}")],
                [(40, f"BO Type : {a.bo_type}"), (300, f"BSDA : {a.bsda}")],
                [(40, f"Nominee : {a.nominee or '--'}"), (300, f"Email : {a.email or '--'}")],
            ],
            v,
        ),
        pdraw(lambda pen, y: None, 6),
    ]


def folio_description(f: Folio, v: EcasVariant = VARIANTS[0]) -> list[Item]:
    mode = f.mode_of_holding
    # other years' spellings of two labels (one label per line in these variants)
    mode_label = "Holding Mode" if v.index == 3 else "Mode of Holding"
    ucc_label = "Unique Client Code" if v.index == 1 else "UCC"
    return [
        *_kv_block(
            [
                [(40, f"AMC Name : {f.ident.amc}")],
                [(40, f"Scheme Name : {f.ident.name}"), (400, f"Scheme Code : {f.ident.rta_code}")],
                [(40, f"Folio No : {f.folio}"), (400, f"{mode_label} : {mode}")],
                [
                    (40, f"ISIN : {f.ident.isin}"),
                    (200, f"{ucc_label} : {f.ucc}"),
                    (400, f"RTA : {f.ident.registrar}"),
                ],
            ],
            v,
        ),
        pdraw(lambda pen, y: None, 6),
    ]


# --------------------------------------------------------------------------- transactions

TX_HEADER = [
    [
        (28, "ISIN", "l"),
        (80, "Security", "l"),
        (132, "Transaction Particulars", "l"),
        (290, "Date", "l"),
        (372, "Op. Bal", "r"),
        (418, "Credit", "r"),
        (464, "Debit", "r"),
        (512, "Cl. Bal", "r"),
        (562, "Stamp Duty", "r"),
    ]
]


def _places(h: Holding) -> int:
    return 0 if h.security.cls in (EQUITY, BOND, GSEC) else 3


def transactions(a: Account, p: EcasPortfolio) -> list[Item]:
    items = [
        line(f"DP Name : {a.dp_name}   BO ID : {a.bo_id}", 8, step=14, bold=True),
        line(
            f"STATEMENT OF TRANSACTIONS FOR THE PERIOD FROM {dmy(p.start)} TO {dmy(p.end)}",
            7,
            step=14,
            bold=True,
            hindi=True,
        ),
    ]
    moving = [h for h in a.holdings if h.movements]
    if not moving:
        return [*items, line("No Transactions during the period", 7, step=14)]
    items.append(lines_item(TX_HEADER, 7, size=6, keep=True))
    for h in moving:
        places = _places(h)
        pieces = equal_width(h.security.name, TX_NAME_CHARS)
        for i, m in enumerate(h.movements):
            row: list[tuple[float, str, str]] = [
                (28, h.security.isin, "l"),
                (132, m.description, "l"),
                (290, dmy(m.day), "l"),
                (372, num(m.balance - m.units, places), "r"),
                (418, num(m.units, places) if m.units > 0 else "--", "r"),
                (464, num(-m.units, places) if m.units < 0 else "--", "r"),
                (512, num(m.balance, places), "r"),
                (562, num(m.stamp_duty, 2) if m.stamp_duty is not None else "--", "r"),
            ]
            rows = [row]
            if i == 0:  # the security's name only on its first row, cut at equal widths
                rows = _stack([(80, s, "l") for s in pieces])
                rows[0] += row
            items.append(lines_item(rows, 7, size=6, gap=12))
    return items


# --------------------------------------------------------------------------- holdings

HOLDING_HEADER = [
    [
        (28, "ISIN", "l"),
        (88, "Security", "l"),
        (220, "Current Bal", "r"),
        (262, "Frozen Bal", "r"),
        (304, "Pledge Bal", "r"),
        (350, "Pledge Setup", "r"),
        (394, "Free Bal", "r"),
        (460, "Market Price /", "r"),
        (560, "Value (`)", "r"),
    ],
    [(350, "Bal", "r"), (460, "Face Value", "r")],
]


def holding_row(h: Holding, split: bool) -> Item:
    places = _places(h)
    isin = [(28, s, "l") for s in isin_lines(h.security.isin, split)]
    pieces = equal_width(h.security.name, NAME_CHARS)
    sign = marker(h.security.isin)
    name = [(88, s, "l") for s in pieces]
    rows = _stack(isin, name)
    if sign == "@":  # suspended: a cell of its own between ISIN and name
        rows[0].append((80, "@", "l"))
    elif sign:  # unlisted / under liquidation: after the name's last piece
        last = len(pieces) - 1
        rows[last].append((88 + width(pieces[-1], 6.5) + 3, sign, "l"))
    bare = h.security.cls in (MF, AIF)
    rows[0] += [
        (220, num(h.units, places, bare=bare), "r"),
        (262, num(h.frozen, places, dash=True), "r"),
        (304, num(h.pledged, places, dash=True), "r"),
        (350, "--", "r"),
        (394, num(h.free, places, bare=bare), "r"),
        (460, num(h.price, 2 if h.security.cls in (EQUITY, BOND, GSEC) else 4), "r"),
        (560, num(h.value, 2), "r"),
    ]
    return lines_item(rows, 7, size=6.5, gap=12)


def holdings(a: Account, p: EcasPortfolio, quirk: list[int]) -> list[Item]:
    items = [
        line(f"HOLDING STATEMENT AS ON {dmy(p.end)}", 7, step=14, bold=True, hindi=True),
        lines_item(HOLDING_HEADER, 7, size=6.5, gap=14, keep=True),
    ]
    for cls in (EQUITY, MF, BOND, GSEC, AIF):  # one table; CDSL sorts by class
        for h in a.holdings:
            if h.security.cls == cls:
                quirk[0] += 1
                items.append(holding_row(h, quirk[0] % 5 == 2))
    items.append(
        line(f"Portfolio Value ` {indian(a.value)} as on {dmy(p.end)}", 7, step=18, bold=True)
    )
    return items


# --------------------------------------------------------------------------- MF units, NPS

MF_HEADER = [
    [
        (28, "Scheme Name", "l"),
        (150, "ISIN", "l"),
        (226, "Folio No.", "c"),
        (262, "ARN /", "l"),
        (335, "Closing Bal", "r"),
        (370, "NAV", "r"),
        (415, "Cumulative", "r"),
        (460, "Valuation", "r"),
        (482, "TER", "r"),
        (505, "Comm.", "r"),
        (548, "Unrealised", "r"),
        (575, "%", "r"),
    ],
    [(262, "Direct", "l"), (335, "(Units)", "r"), (415, "Invested", "r"), (548, "P/L", "r")],
]


def _centred(x: float, s: str, size: float) -> tuple[float, str, str]:
    return (x - width(s, size) / 2, s, "l")


def folio_lines(folio: str) -> list[str]:
    """A long folio wraps its ``<digits>/<digits>`` tail onto a second line."""
    head, tail = folio[:9], folio[9:]
    if len(folio) > FOLIO_CHARS and "/" in tail and tail[0] != "/" and tail[-1] != "/":
        return [head, tail]
    return [folio]


def _columns(cells: list[tuple[float, str, str]], v: EcasVariant) -> list[tuple[float, str, str]]:
    """The MF table's cells without the columns this variant's year does not print."""
    dropped = ({262} if not v.mf_advisor else set()) | ({482, 505} if not v.mf_ter else set())
    return [c for c in cells if c[0] not in dropped]


def mf_row(f: Folio, index: int, v: EcasVariant = VARIANTS[0]) -> Item:
    size = 6.0
    desc = word_wrap(f"{f.ident.rta_code}-{f.ident.name}", 118, size)
    name = [(28, s, "l") for s in desc]
    folio = [_centred(226, s, size) for s in folio_lines(f.folio)]
    rows = _stack(name, folio)
    gain = f.value - f.cost
    ret = (gain * 100 / f.cost).quantize(Decimal("0.01")) if f.cost else Decimal(0)
    ter = Decimal("0.45") + Decimal(index % 7) / 10
    rows[0] += [
        (150, f.ident.isin, "l"),
        (262, f.advisor, "l"),
        (335, num(f.units, 3, bare=True), "r"),
        (370, num(f.nav, 4), "r"),
        (415, num(f.cost, 2), "r"),
        (460, num(f.value, 2), "r"),
        (482, num(ter, 2), "r"),
        (505, "--", "r"),
        (548, indian(gain, 2, parens=False), "r"),
        (575, indian(ret, 2, parens=False), "r"),
    ]
    rows[0] = _columns(rows[0], v)
    return lines_item(rows, 7, size=size, gap=12)


def mf_section(p: EcasPortfolio, v: EcasVariant = VARIANTS[0]) -> list[Item]:
    items = [
        line(f"MUTUAL FUND UNITS HELD AS ON {dmy(p.end)}", 8, step=14, bold=True, hindi=True),
        lines_item(
            [
                [_centred(x, s, 6) if a == "c" else (x, s, a) for x, s, a in _columns(r, v)]
                for r in MF_HEADER
            ],
            7,
            size=6,
            gap=14,
            keep=True,
        ),
    ]
    items += [mf_row(f, i, v) for i, f in enumerate(p.folios)]
    total = sum((f.value for f in p.folios), Decimal(0))
    cost = sum((f.cost for f in p.folios), Decimal(0))
    items.append(
        lines_item(
            [[(28, "Grand Total", "l"), (415, indian(cost), "r"), (460, indian(total), "r")]],
            7,
            size=6,
            gap=18,
        )
    )
    return items


def nps_section(p: EcasPortfolio) -> list[Item]:
    nps = p.nps
    if nps is None:
        return []
    items = [
        line("NPS ACCOUNT DETAILS", 8, step=14, bold=True, hindi=True),
        lines_item(
            [[(40, f"NPS-SP : {nps.cra}", "l"), (200, f"PRAN ID : {nps.pran}", "l")]], 7, gap=14
        ),
        line(f"HOLDING STATEMENT AS ON {dmy(p.end)}", 7, step=14, bold=True),
        lines_item(
            [
                [
                    (40, "Scheme Name", "l"),
                    (230, "Fund Manager", "l"),
                    (450, "Units", "r"),
                    (500, "NAV", "r"),
                    (560, "Value (`)", "r"),
                ]
            ],
            7,
            size=6.5,
            gap=14,
            keep=True,
        ),
    ]
    for fund in nps.funds:
        name = [(40, s, "l") for s in word_wrap(fund.name, 170, 6.5)]
        manager = [(230, s, "l") for s in word_wrap(fund.manager, 140, 6.5)]
        rows = _stack(name, manager)
        rows[0] += [
            (450, num(fund.units, 4), "r"),
            (500, num(fund.nav, 4), "r"),
            (560, num(fund.value, 2), "r"),
        ]
        items.append(lines_item(rows, 7, size=6.5, gap=12))
    items.append(
        line(f"Portfolio Value ` {indian(nps.value)} as on {dmy(p.end)}", 7, step=18, bold=True)
    )
    return items


# --------------------------------------------------------------------------- document


def body(p: EcasPortfolio, flags: dict[str, bool], v: EcasVariant = VARIANTS[0]) -> list[Item]:
    items: list[Item] = [line("ACCOUNT DETAILS", 8, step=16, bold=True, hindi=flags["hindi"])]
    for a in p.all_accounts():
        items += account_details(a, v)
    if p.folios:
        items.append(line("MUTUAL FUND FOLIO DETAILS", 8, step=16, bold=True))
        for f in p.folios:
            items += folio_description(f, v)
    quirk = [0]
    for a in p.all_accounts():
        items += transactions(a, p)
        items += holdings(a, p, quirk)
    if p.folios:
        items += mf_section(p, v)
    items += nps_section(p)
    items.append(line("***End of Statement***", 7, x=250, step=12))
    return items


def banner(pen: Pen, number: int, total: int) -> None:
    if number > 1:
        pen.text(360, 815, "CDSL Consolidated Account Statement (CAS)", 7)
    pen.text(500, 24, f"Page {number} of {total}", 6)
