"""Generated documents for the extraction and review tests: a GST tax invoice (a ruled items
table, ``Label: value`` pairs, ₹ amounts with lakh grouping) and a two-page bank statement (a
table laid out by alignment only, continued over the page break), each with its truth."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.statements.money import indian

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WIDTH, HEIGHT = A4


def rupees(amount: float) -> str:
    """``125000.5`` → ``1,25,000.50`` (Indian digit grouping)."""
    return indian(Decimal(str(amount)))


def _font() -> str:
    """DejaVu Sans (it has the ₹ sign) when installed, else Helvetica with ``Rs.``."""
    if FONT_PATH.exists():
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_PATH)))
        return "DejaVuSans"
    return "Helvetica"


@dataclass
class Invoice:
    pdf: bytes
    number: str
    invoice_date: date
    due_date: date
    seller_gstin: str
    seller_pan: str
    buyer_gstin: str
    email: str
    phone: str
    upi: str
    ifsc: str
    account_number: str
    items: list[tuple[str, int, float]]
    currency: str
    subtotal: float = 0.0
    cgst: float = 0.0
    sgst: float = 0.0
    total: float = 0.0
    amounts: list[float] = field(default_factory=list)


def make_invoice(seed: int = 1, *, total_override: float | None = None) -> Invoice:
    """A one-page tax invoice; ``total_override`` prints a wrong total (for failing reviews)."""
    rng = random.Random(seed)
    font = _font()
    currency = "₹" if font == "DejaVuSans" else "Rs."
    issued = date(2025, 3, 1) + timedelta(days=rng.randrange(60))
    items = [
        (name, rng.randint(1, 20), float(rng.randrange(1500, 250000, 50)))
        for name in rng.sample(
            ["Annual maintenance", "Server rack", "Network switch", "Consulting hours",
             "Software licence", "Training workshop", "Support retainer"], 4
        )
    ]  # fmt: skip
    invoice = Invoice(
        pdf=b"",
        number=f"INV-2025-{rng.randint(1000, 9999)}",
        invoice_date=issued,
        due_date=issued + timedelta(days=30),
        seller_gstin="27AAPFU0939F1ZV",
        seller_pan="AAPFU0939F",
        buyer_gstin="29AABCT1332L1ZT",
        email="accounts@udyogtech.in",
        phone="+91 98200 12345",
        upi="udyogtech@okhdfcbank",
        ifsc="HDFC0001234",
        account_number="50200012345678",
        items=items,
        currency=currency,
    )
    invoice.amounts = [qty * rate for _, qty, rate in items]
    invoice.subtotal = round(sum(invoice.amounts), 2)
    invoice.cgst = round(invoice.subtotal * 0.09, 2)
    invoice.sgst = round(invoice.subtotal * 0.09, 2)
    invoice.total = round(invoice.subtotal + invoice.cgst + invoice.sgst, 2)
    printed_total = invoice.total if total_override is None else total_override

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"Tax invoice {invoice.number}")
    pdf.setFont(font, 16)
    pdf.drawString(40, HEIGHT - 50, "TAX INVOICE")
    pdf.setFont(font, 10)
    left = [
        "Udyog Technologies LLP",
        f"GSTIN: {invoice.seller_gstin}",
        f"PAN: {invoice.seller_pan}",
        f"Email: {invoice.email}",
        f"Phone: {invoice.phone}",
    ]
    right = [
        f"Invoice No: {invoice.number}",
        f"Invoice Date: {invoice.invoice_date:%d/%m/%Y}",
        f"Due Date: {invoice.due_date:%d-%b-%Y}",
        "Place of Supply: Karnataka",
    ]
    for i, text in enumerate(left):
        pdf.drawString(40, HEIGHT - 80 - 14 * i, text)
    for i, text in enumerate(right):
        pdf.drawString(330, HEIGHT - 80 - 14 * i, text)
    pdf.drawString(40, HEIGHT - 160, "Bill To: Tarang Retail Private Limited")
    pdf.drawString(40, HEIGHT - 174, f"Buyer GSTIN: {invoice.buyer_gstin}")

    # the items table, ruled
    columns = [40, 70, 270, 330, 380, 460, 555]
    header = ["#", "Description", "HSN", "Qty", "Rate", "Amount"]
    top = HEIGHT - 200
    row_height = 20
    rows = [header] + [
        [str(i + 1), name, "998313", str(qty), rupees(rate), rupees(qty * rate)]
        for i, (name, qty, rate) in enumerate(items)
    ]
    bottom = top - row_height * len(rows)
    for x in columns:
        pdf.line(x, top, x, bottom)
    for r in range(len(rows) + 1):
        pdf.line(columns[0], top - r * row_height, columns[-1], top - r * row_height)
    for r, row in enumerate(rows):
        y = top - r * row_height - 14
        for c, text in enumerate(row):
            pdf.drawString(columns[c] + 4, y, text)

    totals = [
        ("Subtotal", invoice.subtotal),
        ("CGST @ 9%", invoice.cgst),
        ("SGST @ 9%", invoice.sgst),
        ("Total Amount", printed_total),
    ]
    for i, (label, amount) in enumerate(totals):
        pdf.drawString(330, bottom - 24 - 16 * i, f"{label}: {currency} {rupees(amount)}")
    y = bottom - 110
    pdf.drawString(40, y, "Bank details")
    pdf.drawString(40, y - 14, f"Account No: {invoice.account_number}")
    pdf.drawString(40, y - 28, f"IFSC: {invoice.ifsc}")
    pdf.drawString(40, y - 42, f"UPI: {invoice.upi}")
    pdf.showPage()
    pdf.save()
    invoice.pdf = buffer.getvalue()
    return invoice


NARRATIONS = ["UPI/PAYTM/BILL", "NEFT/SALARY", "ATM WDL", "IMPS/RENT", "POS/GROCERY"]


@dataclass
class BankStatement:
    pdf: bytes
    account_number: str
    ifsc: str
    opening: float
    closing: float
    rows: list[tuple[date, str, float, float, float]]  # date, narration, debit, credit, balance
    rows_on_first_page: int


def make_bank_statement(seed: int = 1, rows: int = 40) -> BankStatement:
    """A statement of account whose transactions table (aligned text, no ruling lines) runs
    over two pages without repeating its header."""
    rng = random.Random(seed)
    font = _font()
    opening = float(rng.randrange(50_000, 500_000))
    balance = opening
    day = date(2025, 4, 1)
    entries = []
    for _ in range(rows):
        day += timedelta(days=rng.randrange(0, 2))
        if rng.random() < 0.5:
            debit, credit = float(rng.randrange(100, 20_000)), 0.0
        else:
            debit, credit = 0.0, float(rng.randrange(100, 40_000))
        balance = round(balance - debit + credit, 2)
        narration = rng.choice(NARRATIONS)
        entries.append((day, narration, debit, credit, balance))
    statement = BankStatement(
        pdf=b"",
        account_number="00011234567890",
        ifsc="SBIN0000123",
        opening=opening,
        closing=balance,
        rows=entries,
        rows_on_first_page=28,
    )
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    columns = [40, 120, 300, 380, 460]
    pdf.setFont(font, 14)
    pdf.drawString(40, HEIGHT - 50, "STATEMENT OF ACCOUNT")
    pdf.setFont(font, 10)
    pdf.drawString(40, HEIGHT - 75, f"Account No: {statement.account_number}")
    pdf.drawString(330, HEIGHT - 75, f"IFSC: {statement.ifsc}")
    pdf.drawString(40, HEIGHT - 90, f"Opening Balance: {rupees(opening)}")
    pdf.drawString(330, HEIGHT - 90, f"Closing Balance: {rupees(balance)}")
    header = ["Date", "Narration", "Withdrawals", "Deposits", "Balance"]

    def draw_row(y: float, cells: list[str]) -> None:
        for c, text in enumerate(cells):
            pdf.drawString(columns[c], y, text)

    y = HEIGHT - 130
    draw_row(y, header)
    for index, (when, narration, debit, credit, bal) in enumerate(entries):
        if index == statement.rows_on_first_page:
            pdf.showPage()
            pdf.setFont(font, 10)
            y = HEIGHT - 60
        else:
            y -= 18
        draw_row(
            y,
            [
                f"{when:%d-%m-%Y}",
                narration,
                rupees(debit) if debit else "",
                rupees(credit) if credit else "",
                rupees(bal),
            ],
        )
    pdf.showPage()
    pdf.save()
    statement.pdf = buffer.getvalue()
    return statement
