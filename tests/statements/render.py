"""Draw a portfolio as a CAMS/KFintech statement with reportlab, at exact positions."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .money import indian
from .portfolio import FolioBlock, Portfolio, Row, SchemeBlock

PAGE_W, PAGE_H = A4
TOP, BOTTOM = 800.0, 48.0
FONT, BOLD = "Helvetica", "Helvetica-Bold"

# detailed transaction table
DATE_X, DESC_X = 36.0, 92.0
AMOUNT_R, UNITS_R, PRICE_R, BAL_R = 318.0, 378.0, 438.0, 505.0
ROW_SIZE = 7.0
ROW_STEP = 9.0
DESC_WIDTH = AMOUNT_R - 55.0 - DESC_X - 6.0
HEADER_WIDTH = 540.0

# summary holdings table
S_FOLIO_X, S_ISIN_X, S_SCHEME_X = 36.0, 100.0, 156.0
S_COST_R, S_BAL_R, S_NAVDATE_X, S_NAV_R, S_VALUE_R, S_REG_X = (
    330.0,
    378.0,
    390.0,
    466.0,
    520.0,
    528.0,
)
S_SIZE = 6.0
S_SCHEME_WIDTH = S_COST_R - 42.0 - S_SCHEME_X - 6.0

DISCLAIMER = [
    "This statement is issued at the request of the investor and consolidates the",
    "investments held across all the registrars for the PAN listed in the folios.",
    "Please verify the holdings and report any discrepancy within thirty days to the",
    "registrar. Values are computed on the latest available net asset value.",
]

Draw = Callable[[Canvas, float], None]


@dataclass
class Item:
    height: float
    draw: Draw
    keep_with_next: bool = False
    #: drawn first when this item starts a new page (a table's repeated header)
    repeat_on_break: tuple[Item, ...] = ()


@dataclass
class Layout:
    """Items placed on pages: ``pages[i]`` is a list of (y, item)."""

    pages: list[list[tuple[float, Item]]] = field(default_factory=list)


@lru_cache(maxsize=1 << 16)
def stringWidth(s: str, font: str, size: float) -> float:
    """reportlab's width of ``s``, remembered: word wrapping measures the same candidate lines
    once per trial layout (a 120-page statement is laid out some twenty times)."""
    return float(pdfmetrics.stringWidth(s, font, size))


def fmt_date(d: object) -> str:
    return d.strftime("%d-%b-%Y")  # type: ignore[attr-defined]


def text(c: Canvas, x: float, y: float, s: str, size: float = ROW_SIZE, font: str = FONT) -> None:
    c.setFont(font, size)
    c.drawString(x, y, s)


def rtext(c: Canvas, x: float, y: float, s: str, size: float = ROW_SIZE, font: str = FONT) -> None:
    c.setFont(font, size)
    c.drawRightString(x, y, s)


def wrap(s: str, width: float, size: float) -> list[str]:
    """Greedy word wrap by rendered width."""
    return list(_wrap(s, width, size))


@lru_cache(maxsize=1 << 14)
def _wrap(s: str, width: float, size: float) -> tuple[str, ...]:
    lines: list[str] = []
    current = ""
    for word in s.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and stringWidth(candidate, FONT, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return tuple(lines)


# --------------------------------------------------------------------------- page chrome


def draw_watermark(c: Canvas, issuer: str, doc_id: str, page: int) -> None:
    token = "CAMSCASWS" if issuer == "CAMS" else "KFINCASWS"
    c.saveState()
    c.translate(586, 180)
    c.rotate(90)
    c.setFont(FONT, 5)
    c.drawString(0, 0, f"{token}-{doc_id}-{page:04d} Version:V3.4 Live-1017")
    c.restoreState()


def draw_footer(c: Canvas, page: int, total: int) -> None:
    text(c, 470, 24, f"Page {page} of {total}", 6)


def detailed_header(issuer: str) -> Item:
    def draw(c: Canvas, y: float) -> None:
        if issuer == "KFINTECH":  # four staggered baselines within ~11 pt
            rtext(c, AMOUNT_R, y, "Amount", 7, BOLD)
            rtext(c, PRICE_R, y, "Price", 7, BOLD)
            rtext(c, BAL_R, y - 3, "Unit", 7, BOLD)
            text(c, DATE_X, y - 6.5, "Date", 7, BOLD)
            text(c, DESC_X, y - 6.5, "Transaction", 7, BOLD)
            rtext(c, UNITS_R, y - 6.5, "Units", 7, BOLD)
            rtext(c, AMOUNT_R, y - 10, "(INR)", 7, BOLD)
            rtext(c, PRICE_R, y - 10, "(INR)", 7, BOLD)
            rtext(c, BAL_R, y - 10, "Balance", 7, BOLD)
        else:
            text(c, DATE_X, y, "Date", 7, BOLD)
            text(c, DESC_X, y, "Transaction", 7, BOLD)
            rtext(c, AMOUNT_R, y, "Amount", 7, BOLD)
            rtext(c, UNITS_R, y, "Units", 7, BOLD)
            rtext(c, PRICE_R, y, "Price", 7, BOLD)
            rtext(c, BAL_R, y, "Unit", 7, BOLD)
            rtext(c, AMOUNT_R, y - 8, "(INR)", 7, BOLD)
            rtext(c, PRICE_R, y - 8, "(INR)", 7, BOLD)
            rtext(c, BAL_R, y - 8, "Balance", 7, BOLD)

    return Item(22.0, draw)


def summary_header(issuer: str) -> Item:
    def draw(c: Canvas, y: float) -> None:
        if issuer == "KFINTECH":
            rtext(c, S_COST_R, y, "Cost Value", S_SIZE, BOLD)
            rtext(c, S_BAL_R, y, "Closing Unit", S_SIZE, BOLD)
            rtext(c, S_NAV_R, y, "Price", S_SIZE, BOLD)
            rtext(c, S_VALUE_R, y, "Market Value", S_SIZE, BOLD)
            low = y - 7
            rtext(c, S_BAL_R, low, "Balance", S_SIZE, BOLD)
        else:
            low = y
            rtext(c, S_COST_R, y, "Cost Value", S_SIZE, BOLD)
            rtext(c, S_BAL_R, y, "Unit Balance", S_SIZE, BOLD)
            rtext(c, S_NAV_R, y, "NAV", S_SIZE, BOLD)
            rtext(c, S_VALUE_R, y, "Market Value", S_SIZE, BOLD)
        text(c, S_FOLIO_X, low, "Folio No.", S_SIZE, BOLD)
        text(c, S_ISIN_X, low, "ISIN", S_SIZE, BOLD)
        text(c, S_SCHEME_X, low, "Scheme Name", S_SIZE, BOLD)
        text(c, S_NAVDATE_X, low, "NAV Date", S_SIZE, BOLD)
        text(c, S_REG_X, low, "Registrar", S_SIZE, BOLD)

    return Item(20.0, draw)


def first_page_top(
    p: Portfolio, title: str, period: str, totals: list[tuple[str, str, str]], summary_table: bool
) -> Item:
    inv = p.investor
    block = [f"Email Id: {inv.email}", inv.name, *inv.address]
    if inv.phone_off:
        block.append(f"Phone Off: {inv.phone_off}")
    block.append(f"Mobile: {inv.mobile}")
    height = 50 + 10 * len(block) + (30 + 10 * len(totals) if summary_table else 0)

    def draw(c: Canvas, y: float) -> None:
        text(c, 190, y, title, 11, BOLD)
        text(c, 236, y - 14, period, 8)
        yy = y - 40
        for i, line in enumerate(block):
            text(c, 36, yy - 10 * i, line, 8, BOLD if i == 1 else FONT)
        for i, line in enumerate(DISCLAIMER):
            text(c, 250, yy - 8 * i, line, 6.5)
        yy -= 10 * len(block) + 8
        if not summary_table:
            return
        text(c, 36, yy, "PORTFOLIO SUMMARY", 8, BOLD)
        yy -= 12
        text(c, 36, yy, "Mutual Fund", 7, BOLD)
        rtext(c, 380, yy, "Cost Value (INR)", 7, BOLD)
        rtext(c, 500, yy, "Market Value (INR)", 7, BOLD)
        for amc, cost, value in totals:
            yy -= 10
            text(c, 36, yy, amc, 7, BOLD if amc == "Total" else FONT)
            rtext(c, 380, yy, cost, 7)
            rtext(c, 500, yy, value, 7)

    return Item(height, draw)


# --------------------------------------------------------------------------- detailed blocks


def line_item(
    s: str,
    size: float = ROW_SIZE,
    font: str = FONT,
    x: float = DATE_X,
    step: float = ROW_STEP,
    keep: bool = False,
) -> Item:
    return Item(step, lambda c, y: text(c, x, y, s, size, font), keep)


def folio_item(f: FolioBlock) -> Item:
    def draw(c: Canvas, y: float) -> None:
        text(c, DATE_X, y, f"Folio No: {f.number}", ROW_SIZE, BOLD)
        text(c, 190, y, f"PAN: {f.pan}")
        text(c, 290, y, f"KYC: {f.kyc}  PAN: {f.pankyc}")

    return Item(ROW_STEP, draw, keep_with_next=True)


def scheme_header_lines(s: SchemeBlock) -> tuple[list[str], float]:
    ident = s.ident
    name = ident.name + (f" (formerly {s.formerly})" if s.formerly else "")
    head = f"{ident.rta_code}-{name} (Non-Demat) - ISIN:"
    adv = f"(Advisor: {s.advisor})" if s.advisor else ""
    if s.isin_split:
        cut = 5 + (len(ident.rta_code) % 4)
        lines = [
            f"{head} {ident.isin[:cut]}",
            f"{ident.isin[cut:]}{adv} Registrar : {ident.registrar}",
        ]
    elif s.registrar_split:
        lines = [f"{head} {ident.isin}{adv} Registrar :", ident.registrar]
    else:
        whole = f"{head} {ident.isin}{adv} Registrar : {ident.registrar}"
        lines = (
            [whole]
            if stringWidth(whole, FONT, ROW_SIZE) < HEADER_WIDTH
            else [head, f"{ident.isin}{adv} Registrar : {ident.registrar}"]
        )
    size = ROW_SIZE
    while max(stringWidth(x, FONT, size) for x in lines) > HEADER_WIDTH:
        size -= 0.25
    return lines, size


def row_items(r: Row, issuer: str, rng: random.Random) -> Item:
    desc_lines = wrap(r.description, DESC_WIDTH, ROW_SIZE)
    doubled = issuer == "KFINTECH" and rng.random() < 0.3

    def draw(c: Canvas, y: float) -> None:
        text(c, DATE_X, y, fmt_date(r.date))
        text(c, DESC_X, y, desc_lines[0])
        if r.amount is not None:
            amount = -r.amount if r.cosmetic_parens else r.amount
            rtext(c, AMOUNT_R, y, indian(amount, 2))
        if r.units is not None:
            units = -r.units if r.cosmetic_parens else r.units
            rtext(c, UNITS_R, y, indian(units, 3))
        if r.nav is not None:
            rtext(c, PRICE_R, y, indian(r.nav, 4))
        if r.balance is not None:
            rtext(c, BAL_R, y, indian(r.balance, 3))
        for i, extra in enumerate(desc_lines[1:], start=1):
            text(c, DESC_X, y - 8 * i, extra)
        if doubled:  # second glyph layer a hair off, as KFintech's renderer leaves it
            text(c, DATE_X + 0.3, y + 0.7, fmt_date(r.date), ROW_SIZE + 0.01)

    return Item(ROW_STEP + 8.0 * (len(desc_lines) - 1), draw)


def scheme_items(p: Portfolio, f: FolioBlock, s: SchemeBlock, rng: random.Random) -> list[Item]:
    end = fmt_date(p.end)
    items = [folio_item(f)]
    if f.holder:
        items.append(line_item(f.holder, keep=True))
    lines, size = scheme_header_lines(s)
    items += [line_item(x, size, keep=True) for x in lines]
    noms = [*s.nominees, "", "", ""][:3]
    items.append(
        line_item(f"Nominee 1: {noms[0]}  Nominee 2: {noms[1]}  Nominee 3: {noms[2]}", keep=True)
    )
    items.append(line_item(f"Opening Unit Balance: {indian(s.opening, 3)}", keep=True))
    items += [row_items(r, p.issuer, rng) for r in s.rows]
    label = "Valuation" if p.issuer == "KFINTECH" else "Market Value"

    def closing(c: Canvas, y: float) -> None:
        text(c, DATE_X, y, f"Closing Unit Balance: {indian(s.closing, 3)}", ROW_SIZE, BOLD)
        text(c, 220, y, f"NAV on {end}: INR {indian(s.nav, 4)}")
        text(c, DATE_X, y - 9, f"Total Cost Value: {indian(s.cost, 2)}")
        text(c, 220, y - 9, f"{label} on {end}: INR {indian(s.value, 2)}")

    items.append(Item(2 * ROW_STEP + 4, closing))
    if rng.random() < 0.3:
        items.append(line_item("Entry Load - NIL. Exit Load - 1% if redeemed within 365 days", 6))
    return items


# --------------------------------------------------------------------------- pagination


def paginate(first: list[Item], body: list[Item], header: Item) -> Layout:
    layout = Layout(pages=[[]])
    y = TOP
    for item in first:
        layout.pages[0].append((y, item))
        y -= item.height
    layout.pages[0].append((y, header))
    y -= header.height
    for index, item in enumerate(body):
        need = item.height
        k = index
        while body[k].keep_with_next and k + 1 < len(body):  # keep header groups together
            k += 1
            need += body[k].height
        if y - need < BOTTOM:
            layout.pages.append([(TOP, header)])
            y = TOP - header.height
        layout.pages[-1].append((y, item))
        y -= item.height
    return layout


def draw_layout(layout: Layout, p: Portfolio, doc_id: str, watermark: bool, title: str) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True)
    canvas.setTitle(title)
    canvas.setAuthor(p.issuer)
    total = len(layout.pages)
    for number, page in enumerate(layout.pages, start=1):
        for y, item in page:
            item.draw(canvas, y)
        if watermark:
            draw_watermark(canvas, p.issuer, doc_id, number)
        draw_footer(canvas, number, total)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def portfolio_totals(p: Portfolio) -> list[tuple[str, str, str]]:
    rows = []
    grand_cost, grand_value = Decimal(0), Decimal(0)
    for amc in p.amcs():
        cost = sum((s.cost for f in p.folios if f.amc == amc for s in f.schemes), Decimal(0))
        value = sum((s.value for f in p.folios if f.amc == amc for s in f.schemes), Decimal(0))
        grand_cost += cost
        grand_value += value
        rows.append((amc, indian(cost), indian(value)))
    rows.append(("Total", indian(grand_cost), indian(grand_value)))
    return rows


def detailed_layout(p: Portfolio, rng: random.Random) -> Layout:
    period = f"{fmt_date(p.start)} To {fmt_date(p.end)}"
    top = first_page_top(p, "Consolidated Account Statement", period, portfolio_totals(p), True)
    body: list[Item] = []
    current_amc = None
    for f in p.folios:
        if f.amc != current_amc:
            body.append(line_item(f.amc, 8, BOLD, step=12, keep=True))
            current_amc = f.amc
        for s in f.schemes:
            body += scheme_items(p, f, s, rng)
    return paginate([top], body, detailed_header(p.issuer))


# --------------------------------------------------------------------------- summary


def summary_row(p: Portfolio, f: FolioBlock, s: SchemeBlock) -> Item:
    lines = wrap(f"{s.ident.rta_code}-{s.ident.name}", S_SCHEME_WIDTH, S_SIZE)

    def draw(c: Canvas, y: float) -> None:
        text(c, S_FOLIO_X, y, f.number, S_SIZE)
        text(c, S_ISIN_X, y, s.ident.isin, S_SIZE)
        text(c, S_SCHEME_X, y, lines[0], S_SIZE)
        rtext(c, S_COST_R, y, indian(s.cost), S_SIZE)
        rtext(c, S_BAL_R, y, indian(s.closing, 3), S_SIZE)
        text(c, S_NAVDATE_X, y, fmt_date(p.end), S_SIZE)
        rtext(c, S_NAV_R, y, indian(s.nav, 4), S_SIZE)
        rtext(c, S_VALUE_R, y, indian(s.value), S_SIZE)
        text(c, S_REG_X, y, s.ident.registrar, S_SIZE)
        for i, extra in enumerate(lines[1:], start=1):
            text(c, S_SCHEME_X, y - 7 * i, extra, S_SIZE)

    return Item(10.0 + 7.0 * (len(lines) - 1), draw)


def summary_layout(p: Portfolio) -> Layout:
    top = first_page_top(p, "Consolidated Account Summary", f"As on {fmt_date(p.end)}", [], False)
    body: list[Item] = []
    current_amc = None
    for f in p.folios:
        if f.amc != current_amc:
            body.append(line_item(f.amc, 7, BOLD, step=10, keep=True))
            current_amc = f.amc
        body += [summary_row(p, f, s) for s in f.schemes]
    total_cost = sum((s.cost for f in p.folios for s in f.schemes), Decimal(0))
    total_value = sum((s.value for f in p.folios for s in f.schemes), Decimal(0))

    def total(c: Canvas, y: float) -> None:
        text(c, S_SCHEME_X, y, "Grand Total", S_SIZE, BOLD)
        rtext(c, S_COST_R, y, indian(total_cost), S_SIZE, BOLD)
        rtext(c, S_VALUE_R, y, indian(total_value), S_SIZE, BOLD)

    body.append(Item(12.0, total))
    return paginate([top], body, summary_header(p.issuer))
