"""Real scheme identities (name, ISIN, AMFI code, RTA code) from casparser-isin's database.

Using real identities keeps generated statements realistic: the peer parser resolves ISINs
against the same database, and so does our engine for AMFI codes and scheme types.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

#: scheme-name prefix (upper case) -> AMC line as printed on statements
AMCS: dict[str, str] = {
    "ADITYA BIRLA SUN LIFE": "Aditya Birla Sun Life Mutual Fund",
    "AXIS": "Axis Mutual Fund",
    "CANARA ROBECO": "Canara Robeco Mutual Fund",
    "DSP": "DSP Mutual Fund",
    "EDELWEISS": "Edelweiss Mutual Fund",
    "FRANKLIN INDIA": "Franklin Templeton Mutual Fund",
    "HDFC": "HDFC Mutual Fund",
    "ICICI PRUDENTIAL": "ICICI Prudential Mutual Fund",
    "INVESCO INDIA": "Invesco Mutual Fund",
    "KOTAK": "Kotak Mahindra Mutual Fund",
    "MIRAE ASSET": "Mirae Asset Mutual Fund",
    "MOTILAL OSWAL": "Motilal Oswal Mutual Fund",
    "NIPPON INDIA": "Nippon India Mutual Fund",
    "PARAG PARIKH": "PPFAS Mutual Fund",
    "QUANTUM": "Quantum Mutual Fund",
    "SBI": "SBI Mutual Fund",
    "SUNDARAM": "Sundaram Mutual Fund",
    "TATA": "Tata Mutual Fund",
    "UTI": "UTI Mutual Fund",
}
_ACRONYMS = {
    "HDFC",
    "ICICI",
    "SBI",
    "UTI",
    "DSP",
    "IDCW",
    "ELSS",
    "ETF",
    "FOF",
    "PSU",
    "US",
    "II",
    "III",
    "NASDAQ",
    "S&P",
    "BSE",
    "NSE",
    "PPFAS",
    "MNC",
    "ESG",
    "CPSE",
    "PSE",
    "AMC",
    "IT",
}
_REGISTRAR = {"CAMS": "CAMS", "KARVY": "KFINTECH", "FRANKLIN": "CAMS"}


@dataclass(frozen=True, slots=True)
class SchemeIdentity:
    name: str  # as printed (title case)
    isin: str
    amfi: str
    rta_code: str
    registrar: str  # CAMS | KFINTECH, as printed after "Registrar :"
    amc: str
    scheme_type: str  # Equity | Debt | Hybrid | Other


def scheme_type(category: str | None, db_type: str | None) -> str:
    """The contract's scheme type from the SEBI category (or the DB's coarse type)."""
    head = (category or "").split(" Scheme", 1)[0].strip().lower()
    if head in ("equity", "debt", "hybrid"):
        return head.capitalize()
    if head in ("other", "solution oriented"):
        return "Other"
    return "Debt" if (db_type or "").upper() == "DEBT" else "Equity"


def _display(name: str) -> str:
    if not name.isupper():
        return name
    words = []
    for word in name.split(" "):
        words.append(word if word in _ACRONYMS or not word.isalpha() else word.capitalize())
    return " ".join(words)


def _db_path() -> str:
    return str(resources.files("casparser_isin") / "isin.db")


def _scheme_rows(condition: str) -> list[tuple[Any, ...]]:
    """Schemes with unique ISIN and unique (RTA, code) that also meet ``condition`` (SQL)."""
    con = sqlite3.connect(f"file:{_db_path()}?mode=ro", uri=True)
    try:
        return con.execute(
            f"""
            SELECT s.name, s.isin, s.amfi_code, s.rta, s.rta_code, s.sebi_category, s.type
            FROM scheme s
            WHERE s.amfi_code IS NOT NULL AND s.sebi_category LIKE '% Scheme - %'
              AND length(s.name) < 70 AND s.rta IN ('CAMS', 'KARVY') AND {condition}
              AND (SELECT count(*) FROM scheme t WHERE t.isin = s.isin) = 1
              AND (SELECT count(*) FROM scheme u WHERE u.rta = s.rta
                   AND u.rta_code = s.rta_code) = 1
            ORDER BY s.id
            """
        ).fetchall()
    finally:
        con.close()


@lru_cache(maxsize=1)
def catalog() -> tuple[SchemeIdentity, ...]:
    """Schemes with unique ISIN and unique (RTA, code), grouped under known AMCs."""
    rows = _scheme_rows("1 = 1")
    out = []
    for name, isin, amfi, rta, code, category, db_type in rows:
        upper = name.upper()
        amc = next((a for p, a in AMCS.items() if upper.startswith(p + " ")), None)
        if amc is None or not re.fullmatch(r"(?=.*[A-Z])[A-Z0-9]{3,10}", code):
            continue
        if re.search(r"\b(CAMS|KFIN|KFINTECH|KARVY|ARN|INA\d)|ISIN|REGISTRAR|NOMINEE", upper):
            continue
        if not re.fullmatch(r"[A-Za-z0-9 &().,%'/+-]+", name) or "  " in name:
            continue
        out.append(
            SchemeIdentity(
                name=_display(name),
                isin=isin,
                amfi=str(amfi),
                rta_code=code,
                registrar=_REGISTRAR[rta],
                amc=amc,
                scheme_type=scheme_type(category, db_type),
            )
        )
    return tuple(out)


#: AMCs whose printed name starts with a digit (the AMC line is ``360 ONE Mutual Fund``)
DIGIT_AMCS = {"360 ONE": "360 ONE Mutual Fund"}


@lru_cache(maxsize=1)
def digit_amc_schemes() -> tuple[SchemeIdentity, ...]:
    """Schemes of the AMCs in ``DIGIT_AMCS`` (kept out of ``catalog`` so seeds stay stable)."""
    rows = _scheme_rows("upper(s.name) LIKE '360 ONE %'")
    return tuple(
        SchemeIdentity(
            name=_display(name),
            isin=isin,
            amfi=str(amfi),
            rta_code=code,
            registrar=_REGISTRAR[rta],
            amc=DIGIT_AMCS["360 ONE"],
            scheme_type=scheme_type(category, db_type),
        )
        for name, isin, amfi, rta, code, category, db_type in rows
        if re.fullmatch(r"(?=.*[A-Z])[A-Z0-9]{3,10}", code)
    )


@lru_cache(maxsize=1)
def segregated_schemes() -> tuple[SchemeIdentity, ...]:
    """Franklin's segregated portfolios: their own ISIN, created by a SEGREGATION row."""
    con = sqlite3.connect(f"file:{_db_path()}?mode=ro", uri=True)
    try:
        rows = con.execute(
            """
            SELECT name, isin, amfi_code, rta_code, sebi_category, type FROM scheme
            WHERE name LIKE 'Franklin India%Segregated Portfolio 1%' AND amfi_code IS NOT NULL
              AND length(name) < 110 ORDER BY id
            """
        ).fetchall()
    finally:
        con.close()
    return tuple(
        SchemeIdentity(
            name=name,
            isin=isin,
            amfi=str(amfi),
            rta_code=code,
            registrar="CAMS",
            amc="Franklin Templeton Mutual Fund",
            scheme_type=scheme_type(category, db_type),
        )
        for name, isin, amfi, code, category, db_type in rows
    )
