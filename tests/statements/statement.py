"""Assemble a seeded statement: portfolio → layout → PDF (+ encryption) and ground truth."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pikepdf

from .catalog import SchemeIdentity, digit_amc_schemes, segregated_schemes
from .money import Q2, Q3, Q4, q
from .portfolio import (
    FIRST_NAMES,
    LAST_NAMES,
    FolioBlock,
    Portfolio,
    Row,
    SchemeBlock,
    fill_scheme,
    make_investor,
    make_pan,
    scheme_pool,
)
from .render import BOTTOM, ROW_STEP, TOP, detailed_layout, draw_layout, summary_layout
from .truth import ground_truth

ENCRYPTIONS = ("RC4", "AES-128", "AES-256")
ALL_KINDS = [
    "purchase",
    "sip",
    "reversal",
    "redemption",
    "switch_in",
    "switch_out",
    "stp_in",
    "stp_out",
    "merger_in",
    "merger_out",
    "div_payout",
    "div_reinvest",
    "marker",
    "zero_sip",
    "gift_in",
    "gift_out",
    "unknown",
]


@dataclass
class GeneratedStatement:
    name: str
    pdf: bytes
    password: str | None
    truth: dict[str, Any]
    issuer: str
    variant: str
    pages: int
    seed: int
    encryption: str | None
    #: documented traps this file contains that trip the peer parser (see tests/engine)
    peer_traps: set[str] = field(default_factory=set)


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def _folio_number(rng: random.Random) -> str:
    base = str(rng.randint(10**7, 10**11 - 1))
    return f"{base} / {rng.randint(1, 99)}" if rng.random() < 0.5 else base


def _advisor(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.15:
        return None  # older templates print no advisor at all
    if roll < 0.45:
        return "DIRECT"
    if roll < 0.55:
        return f"INA{rng.randint(10**8, 10**9 - 1)}"
    return f"ARN-{rng.randint(1000, 299999)}"


def _nominees(rng: random.Random) -> list[str]:
    count = rng.choice([0, 1, 1, 2])
    return [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(count)]


class _Builder:
    def __init__(self, issuer: str, detailed: bool, seed: int, target_pages: int):
        self.rng = random.Random(seed)
        self.issuer = issuer
        self.detailed = detailed
        self.target = target_pages
        year = self.rng.randint(2021, 2025)
        start, end = (date(year - 1, 4, 1), date(year, 3, 31))
        hyphen = self.rng.random() < 0.3
        self.portfolio = Portfolio(issuer, start, end, make_investor(self.rng, issuer, hyphen))
        self.holder_lines = self.rng.random() < 0.7
        self.pool = scheme_pool(self.rng, issuer)
        self.by_amc: dict[str, list[SchemeIdentity]] = {}
        for ident in self.pool:
            self.by_amc.setdefault(ident.amc, []).append(ident)
        self.amc_order = sorted(self.by_amc, key=lambda a: self.rng.random())
        self.kinds_left = list(ALL_KINDS) + (["extinguish"] if issuer == "KFINTECH" else [])
        self.quirks_left = [
            "isin_split",
            "registrar_split",
            "formerly",
            "segregated",
            "shared_folio",
        ]
        self.used: set[str] = set()
        self.shared_folio: tuple[str, str] | None = None
        self.peer_traps: set[str] = set()
        self.variant = seed % 4
        if self.variant in (1, 3):  # an AMC whose name starts with a digit, after another AMC
            digit = list(digit_amc_schemes())
            self.by_amc[digit[0].amc] = digit
            self.amc_order.insert(1, digit[0].amc)
        self.co_holder: tuple[str, str] | None = None
        if self.variant in (2, 3) and detailed:  # joint folios where the investor is not first
            self.holder_lines = True
            inv = self.portfolio.investor
            first = self.rng.choice([n for n in FIRST_NAMES if n != inv.name.split()[0]])
            surname = inv.name.split()[-1]
            self.co_holder = (f"{first} {surname}", make_pan(self.rng, surname))

    # ----------------------------------------------------------------- building blocks
    def _pick(self, amc: str) -> SchemeIdentity:
        candidates = self.by_amc[amc]
        for ident in candidates:
            if ident.isin not in self.used:
                self.used.add(ident.isin)
                return ident
        return self.rng.choice(candidates)

    def _scheme(self, ident: SchemeIdentity, others: list[str]) -> SchemeBlock:
        rng = self.rng
        opening = Decimal(0) if rng.random() < 0.5 else q(Decimal(str(rng.uniform(10, 900))), Q3)
        block = SchemeBlock(ident, _advisor(rng), _nominees(rng), opening)
        if self.detailed:
            if "isin_split" in self.quirks_left and not ident.name.startswith("HDFC"):
                self.quirks_left.remove("isin_split")
                block.isin_split = True
            elif "registrar_split" in self.quirks_left:
                self.quirks_left.remove("registrar_split")
                block.registrar_split = True
            elif "formerly" in self.quirks_left:
                self.quirks_left.remove("formerly")
                block.formerly = ident.name.split(" - ")[0].replace("Fund", "Opportunities Fund")
            required = self.kinds_left[:6]
            self.kinds_left = self.kinds_left[6:]
            if "extinguish" in required:
                required.append("extinguish_reversed")
            events = rng.randint(3, 22) + len(required)
            fill_scheme(
                rng,
                self.issuer,
                block,
                self.portfolio.start,
                self.portfolio.end,
                events,
                others,
                required,
            )
        else:
            self._summary_values(block)
        return block

    def _summary_values(self, block: SchemeBlock) -> None:
        rng = self.rng
        zero = self.issuer == "KFINTECH" and rng.random() < 0.15
        block.closing = Decimal("0.000") if zero else q(Decimal(str(rng.uniform(1, 1500))), Q3)
        block.nav = q(Decimal(str(rng.uniform(10, 300))), Q4)
        block.value = q(block.closing * block.nav, Q2)
        ratio = Decimal(str(rng.uniform(0.6, 1.1)))
        block.cost = Decimal("0.00") if zero else q(block.value * ratio, Q2)
        block.opening = block.closing

    def _segregated(self, folio: FolioBlock) -> None:
        rng = self.rng
        ident = rng.choice(segregated_schemes())
        units = q(Decimal(str(rng.uniform(50, 900))), Q3)
        block = SchemeBlock(ident, _advisor(rng), _nominees(rng), Decimal(0))
        day = date(self.portfolio.start.year, rng.randint(5, 11), rng.randint(1, 28))
        block.rows = [
            Row(
                day,
                "Creation of units - Segregated portfolio",
                "SEGREGATION",
                Decimal("0.00"),
                units,
                Decimal("0.0000"),
                units,
            )
        ]
        block.closing = units
        block.nav = q(Decimal(str(rng.uniform(0.5, 9))), Q4)
        block.value = q(units * block.nav, Q2)
        block.cost = Decimal("0.00")
        folio.schemes.append(block)

    def add_amc(self) -> None:
        rng = self.rng
        amc = self.amc_order[len(self.portfolio.amcs()) % len(self.amc_order)]
        others = [
            i.name.split(" - ")[0][:40].strip() + " - Direct Plan Growth"
            for i in self.by_amc[amc][:8]
        ]
        for _ in range(rng.randint(1, 2)):
            number = _folio_number(rng)
            if (
                self.shared_folio
                and self.shared_folio[0] != amc
                and ("shared_folio" in self.quirks_left)
            ):
                number = self.shared_folio[1]  # the same number under another AMC
                self.quirks_left.remove("shared_folio")
            self.shared_folio = self.shared_folio or (amc, number)
            inv = self.portfolio.investor
            holder = inv.name if (self.detailed and self.holder_lines) else None
            pan = inv.pan
            # the first holder's PAN is printed; the statement's own PAN heads at least one folio
            if self.co_holder and self.portfolio.folios and rng.random() < 0.7:
                holder, pan = self.co_holder
            if holder and "-" in holder:
                self.peer_traps.add("hyphenated_holder_line")
            folio = FolioBlock(amc, number, pan, rng.choice(["OK", "OK", "NOT OK"]), "OK", holder)
            for _ in range(rng.randint(1, 3)):
                folio.schemes.append(self._scheme(self._pick(amc), others))
            if self.detailed and "segregated" in self.quirks_left and amc.startswith("Franklin"):
                self.quirks_left.remove("segregated")
                self._segregated(folio)
            self.portfolio.folios.append(folio)

    def estimate_pages(self) -> float:
        rows = sum(len(s.rows) + 8 for f in self.portfolio.folios for s in f.schemes)
        per_page = (TOP - BOTTOM) / (ROW_STEP if self.detailed else 11.0)
        return (rows + 30) / per_page

    def layout(self) -> Any:
        if self.detailed:
            return detailed_layout(self.portfolio, random.Random(self.rng.random()))
        return summary_layout(self.portfolio)

    def build(self) -> Any:
        # Franklin early so that the segregated portfolio is always present in detailed files
        if self.detailed and "Franklin Templeton Mutual Fund" in self.amc_order:
            self.amc_order.remove("Franklin Templeton Mutual Fund")
            self.amc_order.insert(1, "Franklin Templeton Mutual Fund")
        self.add_amc()
        self.add_amc()
        while True:
            while self.estimate_pages() < self.target - 0.5:
                self.add_amc()
            state = random.getstate()
            layout = self.layout()
            random.setstate(state)
            if len(layout.pages) >= self.target:
                break
            self.add_amc()
        while len(layout.pages) > self.target and len(self.portfolio.folios) > 2:
            last = self.portfolio.folios[-1]
            if len(last.schemes) > 1:
                last.schemes.pop()
            else:
                self.portfolio.folios.pop()
            layout = self.layout()
        return layout


def encrypt(pdf: bytes, password: str, method: str) -> bytes:
    settings = {
        "RC4": {"R": 3, "aes": False, "metadata": False},
        "AES-128": {"R": 4, "aes": True},
        "AES-256": {"R": 6, "aes": True},
    }[method]
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        enc = pikepdf.Encryption(user=password, owner=password + "-owner", **settings)
        doc.save(out, encryption=enc)
    return out.getvalue()


def generate(
    *,
    issuer: str = "CAMS",
    variant: str = "DETAILED",
    seed: int = 0,
    pages: int = 2,
    encryption: str | None = "AES-256",
    watermark: bool = True,
    tamper_closing: bool = False,
) -> GeneratedStatement:
    """A statement of about ``pages`` pages and its ground truth, fully determined by the seed."""
    if issuer not in ("CAMS", "KFINTECH") or variant not in ("DETAILED", "SUMMARY"):
        raise ValueError("issuer must be CAMS|KFINTECH and variant DETAILED|SUMMARY")
    detailed = variant == "DETAILED"
    builder = _Builder(issuer, detailed, seed, max(1, pages))
    layout = builder.build()
    p = builder.portfolio
    if tamper_closing:  # print one wrong closing balance, to exercise validation warnings
        first = next(s for f in p.folios for s in f.schemes if s.rows)
        first.closing += Decimal("1.000")
    title = "Consolidated Account Statement" if detailed else "Consolidated Account Summary"
    doc_id = f"{seed:08d}"
    pdf = draw_layout(layout, p, doc_id, watermark, title)
    password = p.investor.pan if encryption else None
    if encryption and password:
        pdf = encrypt(pdf, password, encryption)
    truth = _drop_none(ground_truth(p, detailed, watermark))
    truth["meta"]["pages"] = len(layout.pages)
    name = f"{issuer.lower()}-{variant.lower()}-s{seed}-p{len(layout.pages)}"
    if not watermark:
        name += "-reprint"
    return GeneratedStatement(
        name=name,
        pdf=pdf,
        password=password,
        truth=truth,
        issuer=issuer,
        variant=variant,
        pages=len(layout.pages),
        seed=seed,
        encryption=encryption,
        peer_traps=set(builder.peer_traps),
    )
