"""A depository investor's holdings, drawn from a seed: demat accounts at NSDL and CDSL with
equities, demat fund units, bonds, government securities and AIFs (each with its period's
transactions), mutual-fund folios held with registrars, and NPS."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .catalog import SchemeIdentity, catalog
from .ecas_securities import AIF, BOND, EQUITY, GSEC, MF, Security, pools
from .money import Q2, Q3, Q4, q
from .portfolio import FIRST_NAMES, LAST_NAMES, make_investor

DP_NAMES = [
    "ZERODHA BROKING LIMITED",
    "ICICI SECURITIES LIMITED",
    "HDFC BANK LIMITED",
    "KOTAK SECURITIES LIMITED",
    "ANGEL ONE LIMITED",
    "AXIS BANK LIMITED",
    "UPSTOX SECURITIES PRIVATE LIMITED",
    "NEXTBILLION TECHNOLOGY PRIVATE LIMITED",
]
NPS_MANAGERS = [
    "SBI PENSION FUNDS PRIVATE LIMITED",
    "HDFC PENSION FUND MANAGEMENT LIMITED",
    "ICICI PRUDENTIAL PENSION FUND MANAGEMENT COMPANY LIMITED",
    "UTI PENSION FUND LIMITED",
]
#: (description, contract transaction type) of demat movements; {n} is a serial number
CREDITS = [
    ("PAYOUT-CR CM M{n:05d} TM/CP 1{n:04d} SETT {n:07d}", "PURCHASE"),
    ("BY CM NSE-CM-{n:07d} SETTLEMENT PAYOUT", "PURCHASE"),
    ("CREDIT - ALLOTMENT OF SECURITIES {n:06d}", "PURCHASE"),
    ("BONUS CREDIT CA-{n:06d}", "MISC"),
]
DEBITS = [
    ("NSEDR SE:{n:07d} CM:IN5{n:05d} EARMARK", "REDEMPTION"),
    ("BY CM PAYIN {n:07d} SALE", "REDEMPTION"),
    ("INTER DEPOSITORY TRANSFER DR {n:06d}", "MISC"),
]
#: modes of holding a folio, as CDSL prints them
HOLDING_MODES = ("Single", "Single", "Joint", "Anyone or Survivor", "Either or Survivor")
#: CDSL's status markers: ``@`` suspended, ``!!`` unlisted, ``##`` under liquidation
LISTING_STATUS = {"@": "SUSPENDED", "!!": "UNLISTED", "##": "UNDER_LIQUIDATION"}


def listing_marker(isin: str) -> str:
    """A deterministic status marker of a security (empty for most)."""
    return {0: "@", 1: "!!", 2: "##"}.get(sum(map(ord, isin)) % 9, "")


ECAS_QUIRKS = (
    "hindi_overlay",
    "soft_hyphen_isin",
    "drawn_twice",
    "equal_width_wrap",
    "empty_cells",
    "value_printed_twice",
    "no_leading_zero",
    "pledged",
    "folio_wrap",
)


@dataclass
class Movement:
    day: date
    description: str
    type: str
    units: Decimal  # signed
    balance: Decimal
    order_no: str | None = None
    stamp_duty: Decimal | None = None


@dataclass
class Holding:
    security: Security
    units: Decimal
    price: Decimal
    face_value: Decimal
    opening: Decimal
    movements: list[Movement] = field(default_factory=list)
    pledged: Decimal = Decimal(0)
    locked: Decimal = Decimal(0)
    frozen: Decimal = Decimal(0)
    coupon: Decimal | None = None
    maturity: str | None = None

    @property
    def value(self) -> Decimal:
        return q(self.units * self.price, Q2)

    @property
    def free(self) -> Decimal:
        return self.units - self.pledged - self.locked - self.frozen


@dataclass
class Account:
    depository: str  # NSDL | CDSL
    dp_id: str
    dp_name: str
    client_id: str
    holders: list[tuple[str, str]]
    holdings: list[Holding] = field(default_factory=list)
    bo_status: str = "ACTIVE"
    bo_sub_status: str = "INDIVIDUAL-RESIDENT"
    bo_type: str = "INDIVIDUAL"
    bsda: str = "NO"
    nominee: str | None = None
    email: str | None = None

    @property
    def bo_id(self) -> str:
        return self.dp_id + self.client_id

    @property
    def value(self) -> Decimal:
        return sum((h.value for h in self.holdings), Decimal(0))


@dataclass
class Folio:
    ident: SchemeIdentity
    folio: str
    units: Decimal
    avg_cost: Decimal
    nav: Decimal
    ucc: str
    advisor: str

    @property
    def mode_of_holding(self) -> str:
        """How the folio is held, drawn from its number (so no seed's other draws change)."""
        return HOLDING_MODES[sum(map(ord, self.folio)) % len(HOLDING_MODES)]

    @property
    def cost(self) -> Decimal:
        return q(self.units * self.avg_cost, Q2)

    @property
    def value(self) -> Decimal:
        return q(self.units * self.nav, Q2)


@dataclass
class NpsFund:
    name: str
    manager: str
    tier: int
    units: Decimal
    nav: Decimal
    asset_class: str = "E"

    @property
    def value(self) -> Decimal:
        return q(self.units * self.nav, Q2)


@dataclass
class Nps:
    pran: str
    cra: str
    funds: list[NpsFund]

    @property
    def value(self) -> Decimal:
        return sum((f.value for f in self.funds), Decimal(0))


@dataclass
class Investor:
    name: str
    pan: str
    address: list[str]
    pincode: str
    cas_id: str


@dataclass
class EcasPortfolio:
    depository: str
    investor: Investor
    start: date
    end: date
    accounts: list[Account]
    folios: list[Folio]
    nps: Nps | None
    joint: Account | None = None  # an account held jointly (its own holder group)

    def all_accounts(self) -> list[Account]:
        return self.accounts + ([self.joint] if self.joint else [])

    @property
    def total(self) -> Decimal:
        demat = sum((a.value for a in self.all_accounts()), Decimal(0))
        folios = sum((f.value for f in self.folios), Decimal(0))
        return demat + folios + (self.nps.value if self.nps else Decimal(0))


def _pan(rng: random.Random) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    head = "".join(rng.choice(letters) for _ in range(3))
    return f"{head}P{rng.choice(letters)}{rng.randint(1000, 9999)}{rng.choice(letters)}"


def _dp(rng: random.Random, depository: str) -> tuple[str, str]:
    if depository == "NSDL":
        return f"IN{rng.randint(300000, 309999)}", f"{rng.randint(10000000, 99999999)}"
    return f"{rng.randint(12000000, 13099999)}", f"{rng.randint(10000000, 99999999)}"


def _money(rng: random.Random, lo: float, hi: float, places: Decimal = Q2) -> Decimal:
    return q(Decimal(str(rng.uniform(lo, hi))), places)


def _movements(
    rng: random.Random, h: Holding, start: date, end: date, serial: list[int], form: str
) -> None:
    """Period movements ending exactly at the closing balance."""
    count = rng.choice([0, 0, 1, 2, 3])
    balance = h.units
    rows: list[Movement] = []
    days = sorted(start + timedelta(days=rng.randint(0, (end - start).days)) for _ in range(count))
    for day in reversed(days):
        whole = h.security.cls in (EQUITY, BOND, GSEC)
        size = Decimal(rng.randint(1, 40)) if whole else _money(rng, 1, 60, Q3)
        credit = balance - size >= 0 and rng.random() < 0.65
        serial[0] += 1
        n = serial[0]
        template, kind = rng.choice(CREDITS if credit else DEBITS)
        units = size if credit else -size
        stamp = _money(rng, 0.01, 9) if credit and form == "CDSL" and rng.random() < 0.5 else None
        order = f"{rng.randint(10**9, 10**10 - 1)}" if form == "NSDL" else None
        rows.append(Movement(day, template.format(n=n), kind, units, balance, order, stamp))
        balance -= units
    h.opening = balance
    h.movements = list(reversed(rows))


class EcasBuilder:
    """Draws an eCAS portfolio; the same seed always gives the same portfolio."""

    def __init__(self, depository: str, seed: int, size: int):
        self.rng = random.Random(seed * 7919 + (1 if depository == "NSDL" else 2))
        self.depository = depository
        self.size = max(1, size)
        self.pools = pools()
        self.used: set[str] = set()
        self.serial = [self.rng.randint(100, 900)]

    def _security(self, cls: str) -> Security:
        pool = self.pools[cls]
        while True:
            s = pool[self.rng.randrange(len(pool))]
            if s.isin not in self.used:
                self.used.add(s.isin)
                return s

    def _holding(self, cls: str, start: date, end: date, form: str, kinds: list[str]) -> Holding:
        rng = self.rng
        sec = self._security(cls)
        if cls == EQUITY:
            units = Decimal(rng.randint(1, 2500))
            price, face = _money(rng, 3, 4200), Decimal(rng.choice([1, 2, 5, 10]))
        elif cls == BOND:
            units = Decimal(rng.randint(1, 60))
            face = Decimal(rng.choice([1000, 10000, 100000]))
            price = q(face * Decimal(str(rng.uniform(0.95, 1.06))), Q2)
        elif cls == GSEC:
            units = Decimal(rng.randint(1, 80))
            face = Decimal(100) if "SGB" not in sec.name else Decimal(1)
            price = _money(rng, 4800, 9900) if "SGB" in sec.name else _money(rng, 96, 108)
        elif cls == AIF:
            units = _money(rng, 10, 5000, Q3)
            price, face = _money(rng, 8, 160, Q4), Decimal(10)
        else:
            units = _money(rng, 0.1, 9000, Q3)
            if rng.random() < 0.12:
                units = _money(rng, 0.05, 0.95, Q3)  # prints as ".196" in some templates
            price, face = _money(rng, 9, 900, Q4), Decimal(10)
        h = Holding(sec, units, price, face, units)
        if cls in (BOND, GSEC):
            h.coupon = Decimal(str(rng.choice(["2.50", "7.26", "8.10", "9.05", "7.18"])))
            h.maturity = (
                f"{rng.randint(1, 28):02d}-{rng.choice(['Jan', 'Mar', 'Aug', 'Nov'])}-"
                f"{rng.randint(2027, 2040)}"
            )
        if cls in (EQUITY, MF) and units >= 10 and rng.random() < 0.25:
            whole = cls == EQUITY
            part = Decimal(int(units * Decimal("0.3"))) if whole else q(units / 3, Q3)
            setattr(h, rng.choice(kinds), part)
        _movements(rng, h, start, end, self.serial, form)
        return h

    def _account(
        self,
        depository: str,
        holders: list[tuple[str, str]],
        start: date,
        end: date,
        nsdl_form: bool,
    ) -> Account:
        rng = self.rng
        dp_id, client = _dp(rng, depository)
        acc = Account(depository, dp_id, rng.choice(DP_NAMES), client, holders)
        classes = [EQUITY] * rng.randint(2, 2 + self.size) + [MF] * rng.randint(1, 1 + self.size)
        if rng.random() < 0.8:
            classes += [BOND] * rng.randint(1, 2)
        if rng.random() < 0.8:
            classes += [GSEC] * rng.randint(1, 2)
        if rng.random() < 0.5:
            classes += [AIF]
        # which balances and transaction columns the account's tables print
        if not nsdl_form:
            form, kinds = "CDSL", ["pledged", "frozen"]
        elif depository == "NSDL":
            form, kinds = "NSDL", ["pledged"]
        else:
            form, kinds = "NSDL-CDSL", ["pledged", "locked"]
        for cls in classes:
            acc.holdings.append(self._holding(cls, start, end, form, kinds))
        acc.bo_sub_status = rng.choice(["INDIVIDUAL-RESIDENT", "INDIVIDUAL-HUF", "NRI-REPATRIABLE"])
        acc.bsda = rng.choice(["NO", "NO", "YES"])
        acc.nominee = rng.choice([None, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"])
        acc.email = f"{holders[0][0].split()[0].lower()}{rng.randint(1, 99)}@example.com"
        return acc

    def _folios(self) -> list[Folio]:
        rng = self.rng
        idents = [s for s in catalog() if len(s.name) <= 70]
        out = []
        for _ in range(rng.randint(1, 2 + self.size)):
            ident = idents[rng.randrange(len(idents))]
            if ident.isin in self.used:
                continue
            self.used.add(ident.isin)
            digits = rng.choice([8, 9, 10, 11])
            number = str(rng.randint(10 ** (digits - 1), 10**digits - 1))
            if rng.random() < 0.4:
                number += f"/{rng.randint(0, 99)}"
            units = _money(rng, 5, 9000, Q3)
            nav = _money(rng, 10, 600, Q4)
            avg = q(nav * Decimal(str(rng.uniform(0.6, 1.2))), Q4)
            if rng.random() < 0.3:  # lakh-sized holdings print their value twice
                units = _money(rng, 2000, 20000, Q3)
            ucc = f"MF{rng.randint(10**7, 10**8 - 1)}" if rng.random() < 0.7 else "NOT AVAILABLE"
            advisor = rng.choice(["DIRECT", f"ARN-{rng.randint(1000, 299999)}"])
            out.append(Folio(ident, number, units, avg, nav, ucc, advisor))
        return out

    def _nps(self) -> Nps:
        rng = self.rng
        manager = rng.choice(NPS_MANAGERS)
        funds = []
        for tier in (1, 1, 1, 2)[: rng.randint(2, 4)]:
            scheme = rng.choice("ECG")
            roman = "I" if tier == 1 else "II"
            name = (
                f"NPS TRUST- A/C {manager.split()[0]} PENSION FUND SCHEME {scheme} - TIER {roman}"
            )
            if any(f.name == name for f in funds):
                continue
            units, nav = _money(rng, 100, 90000, Q4), _money(rng, 10, 80, Q4)
            funds.append(NpsFund(name, manager, tier, units, nav, scheme))
        cra = rng.choice(["PROT", "KFIN", "CAMS"])
        return Nps(f"XXXXXXXX{rng.randint(1000, 9999)}", cra, funds)

    def build(self) -> EcasPortfolio:
        rng = self.rng
        base = make_investor(rng, "CAMS", False)
        pincode = base.pincode
        address = [line.replace(pincode, "").strip() for line in base.address]
        pan = base.pan
        cas_id = (
            str(rng.randint(10**8, 10**9 - 1))
            if self.depository == "NSDL"
            else str(rng.randint(10**7, 10**8 - 1))
        )
        investor = Investor(base.name.upper(), pan, address, pincode, cas_id)
        year = rng.randint(2024, 2026)
        month = rng.randint(1, 12)
        start = date(year, month, 1)
        end = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
        me = [(investor.name, pan)]
        nsdl_form = self.depository == "NSDL"
        own = "NSDL" if nsdl_form else "CDSL"
        other = "CDSL" if nsdl_form else "NSDL"
        accounts = [self._account(own, me, start, end, nsdl_form)]
        accounts.append(self._account(other, me, start, end, nsdl_form))
        if self.size > 2 or rng.random() < 0.4:
            accounts.append(self._account(own, me, start, end, nsdl_form))
        joint = None
        if rng.random() < 0.6:
            partner = (f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}".upper(), _pan(rng))
            joint = self._account(rng.choice([own, other]), [*me, partner], start, end, nsdl_form)
        folios = self._folios()
        nps = self._nps() if (not nsdl_form and rng.random() < 0.8) else None
        return EcasPortfolio(self.depository, investor, start, end, accounts, folios, nps, joint)
