"""Labelled documents for the tagging tests and benchmark: text of eight kinds of Indian
financial paperwork, each with the tags a person would give it.

Every kind has several phrasings of its heading and fields (a salary slip is also a "pay slip",
"payslip" or "statement of earnings"), shares vocabulary with other kinds (invoices carry bank
details, bank statements list salary credits and rent), and gets noise words, so a simple
keyword rule both misses documents and fires on wrong ones: that is what a classifier must beat.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

NAMES = ["Aarav Sharma", "Priya Iyer", "Rohan Gupta", "Meera Nair", "Vikram Singh", "Ananya Rao",
         "Kabir Mehta", "Sneha Kulkarni", "Arjun Reddy", "Ishita Banerjee"]  # fmt: skip
CITIES = ["Mumbai", "Pune", "Bengaluru", "Chennai", "Kolkata", "New Delhi", "Hyderabad", "Jaipur"]
ITEMS = ["laptop", "printer", "consulting", "software licence"]
BANKS = ["HDFC Bank", "State Bank of India", "ICICI Bank", "Axis Bank", "Kotak Mahindra Bank"]
FILLER = ["please", "retain", "this", "document", "for", "your", "records", "reference", "dated",
          "enclosed", "regards", "sincerely", "details", "as", "per", "the", "above", "note",
          "kindly", "contact", "us", "queries", "customer", "care", "address"]  # fmt: skip


@dataclass(frozen=True)
class Labelled:
    filename: str
    kind: str
    text: str
    tags: frozenset[str]


def _amount(rng: random.Random) -> str:
    return f"Rs. {rng.randint(500, 250000):,}.{rng.randint(0, 99):02d}"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(22, 26)}"


def _invoice(rng: random.Random) -> tuple[str, set[str]]:
    head = rng.choice(["TAX INVOICE", "Invoice", "Bill of Supply", "Commercial Invoice"])
    lines = [
        head,
        f"Invoice No INV-{rng.randint(1000, 99999)}",
        f"GSTIN 27AAAC{rng.randint(1000, 9999)}F1Z5",
    ]
    lines += [f"Item {i}: {rng.choice(ITEMS)} {_amount(rng)}" for i in range(rng.randint(1, 4))]
    lines += [f"CGST 9% {_amount(rng)}", f"Total payable {_amount(rng)}"]
    if rng.random() < 0.6:
        lines.append(
            f"Pay to {rng.choice(BANKS)} account {rng.randint(10**9, 10**10)} IFSC HDFC0001234"
        )
    return "\n".join(lines), {"invoice", "gst"}


def _bank(rng: random.Random) -> tuple[str, set[str]]:
    bank = rng.choice(BANKS)
    head = rng.choice(
        ["Statement of Account", "Account Statement", "Passbook extract", "e-Statement"]
    )
    lines = [
        bank,
        head,
        f"Account number XXXX{rng.randint(1000, 9999)}",
        "Opening balance " + _amount(rng),
    ]
    for _ in range(rng.randint(3, 8)):
        what = rng.choice(
            [
                "NEFT",
                "UPI",
                "ATM withdrawal",
                "salary credit",
                "rent transfer",
                "cheque",
                "interest",
            ]
        )
        lines.append(
            f"{_date(rng)} {what} {_amount(rng)} Cr"
            if rng.random() < 0.5
            else f"{_date(rng)} {what} {_amount(rng)} Dr"
        )
    lines.append("Closing balance " + _amount(rng))
    return "\n".join(lines), {"bank"}


def _salary(rng: random.Random) -> tuple[str, set[str]]:
    head = rng.choice(
        ["Salary Slip", "Pay Slip", "Payslip", "Statement of Earnings", "Remuneration statement"]
    )
    lines = [
        head,
        f"Employee {rng.choice(NAMES)}",
        f"Month {rng.choice(['April', 'May', 'June', 'July'])} 2025",
        f"Basic {_amount(rng)}",
        f"HRA {_amount(rng)}",
        f"Provident fund {_amount(rng)}",
        f"Professional tax {_amount(rng)}",
        f"Net pay {_amount(rng)}",
    ]
    if rng.random() < 0.4:
        lines.append(f"Credited to {rng.choice(BANKS)}")
    tags = {"salary", "income"}
    if rng.random() < 0.5:
        lines.append(f"TDS deducted {_amount(rng)}")
        tags.add("tax")
    return "\n".join(lines), tags


def _rent(rng: random.Random) -> tuple[str, set[str]]:
    head = rng.choice(
        ["Rent Receipt", "House Rent Receipt", "Receipt of rent", "Lease payment acknowledgement"]
    )
    lines = [
        head,
        f"Received from {rng.choice(NAMES)} the sum of {_amount(rng)}",
        f"towards rent of the premises at {rng.choice(CITIES)} "
        f"for the month of {rng.choice(['March', 'August'])}",
        f"Landlord PAN ABCPK{rng.randint(1000, 9999)}L",
        "Revenue stamp affixed",
    ]
    return "\n".join(lines), {"rent", "housing"}


def _insurance(rng: random.Random) -> tuple[str, set[str]]:
    head = rng.choice(
        [
            "Premium Receipt",
            "Policy renewal notice",
            "Insurance certificate",
            "Premium paid certificate",
        ]
    )
    kind = rng.choice(["Term life", "Health", "Motor", "Endowment"])
    lines = [
        head,
        f"{kind} policy number {rng.randint(10**7, 10**8)}",
        f"Insured {rng.choice(NAMES)}",
        f"Sum assured {_amount(rng)}",
        f"Premium {_amount(rng)} due {_date(rng)}",
    ]
    tags = {"insurance"}
    if rng.random() < 0.5:
        lines.append("Eligible for deduction under section 80D")
        tags.add("tax")
    return "\n".join(lines), tags


def _tax(rng: random.Random) -> tuple[str, set[str]]:
    head = rng.choice(
        [
            "Form 16",
            "Intimation under section 143(1)",
            "Form 26AS",
            "Income tax refund",
            "Challan 280",
        ]
    )
    lines = [
        head,
        "Income Tax Department",
        f"PAN ABCDE{rng.randint(1000, 9999)}F",
        f"Assessment year 20{rng.randint(22, 26)}-{rng.randint(23, 27)}",
        f"Total income {_amount(rng)}",
        f"Tax payable {_amount(rng)}",
    ]
    return "\n".join(lines), {"tax", "income"}


def _utility(rng: random.Random) -> tuple[str, set[str]]:
    head = rng.choice(
        ["Electricity Bill", "Water charges", "Broadband bill", "Piped gas bill", "Mobile bill"]
    )
    lines = [
        head,
        f"Consumer number {rng.randint(10**6, 10**7)}",
        f"Billing period ending {_date(rng)}",
        f"Units consumed {rng.randint(50, 900)}",
        f"Amount due {_amount(rng)}",
        f"Due date {_date(rng)}",
    ]
    return "\n".join(lines), {"utility", "housing"}


def _mutual_fund(rng: random.Random) -> tuple[str, set[str]]:
    head = rng.choice(
        [
            "Consolidated Account Statement",
            "CAS",
            "Mutual Fund statement",
            "Account statement for folio",
        ]
    )
    lines = [
        head,
        rng.choice(["CAMS", "KFintech"]),
        f"Folio No {rng.randint(10**6, 10**7)}/{rng.randint(10, 99)}",
        f"{rng.choice(['Axis Bluechip', 'HDFC Flexi Cap', 'SBI Small Cap'])} Fund - Direct Growth",
        f"SIP purchase {_amount(rng)} NAV {rng.randint(10, 900)}.{rng.randint(0, 9999):04d}",
        f"Closing unit balance {rng.randint(1, 9999)}.{rng.randint(0, 999):03d}",
    ]
    tags = {"investment"}
    if rng.random() < 0.3:
        lines.append(f"Capital gains statement {_amount(rng)}")
        tags.add("tax")
    return "\n".join(lines), tags


KINDS = {
    "invoice": _invoice, "bank_statement": _bank, "salary_slip": _salary, "rent_receipt": _rent,
    "insurance_letter": _insurance, "tax_notice": _tax, "utility_bill": _utility,
    "mutual_fund": _mutual_fund,
}  # fmt: skip
TAGS = sorted({t for build in KINDS.values() for t in build(random.Random(0))[1]} | {"tax", "gst"})


def document(seed: int) -> Labelled:
    rng = random.Random(seed)
    kind = sorted(KINDS)[seed % len(KINDS)]
    body, tags = KINDS[kind](rng)
    noise = " ".join(rng.choice(FILLER) for _ in range(rng.randint(10, 40)))
    return Labelled(
        filename=f"scan_{seed:05d}.pdf",
        kind=kind,
        text=f"{rng.choice(NAMES)}, {rng.choice(CITIES)}\n{body}\n{noise}",
        tags=frozenset(tags),
    )


def corpus(count: int, start: int = 0) -> list[Labelled]:
    return [document(seed) for seed in range(start, start + count)]
