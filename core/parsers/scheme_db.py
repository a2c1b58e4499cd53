"""AMFI code and scheme type by ISIN, from casparser-isin's SQLite database when installed.

Statements print the ISIN but neither the AMFI code nor the SEBI category; the database maps
one to the others. Without it, the type falls back to the scheme name.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

from ..models import SchemeType

_local = threading.local()

_DEBT = re.compile(
    r"liquid|debt|bond|gilt|income|money market|overnight|duration|credit risk|banking (?:and|&) "
    r"psu|floater|accrual|treasury|savings fund|segregated",
    re.I,
)
_HYBRID = re.compile(r"hybrid|balanced|arbitrage|equity savings|multi asset|asset allocation", re.I)
_OTHER = re.compile(r"\bindex\b|\betf\b|\bfof\b|fund of funds?|retirement|children", re.I)


@lru_cache(maxsize=1)
def _database() -> Path | None:
    spec = importlib.util.find_spec("casparser_isin")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "isin.db"
    return path if path.exists() else None


def _connection() -> sqlite3.Connection | None:
    con = getattr(_local, "con", None)
    if con is None:
        path = _database()
        if path is None:
            return None
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        _local.con = con
    return con


def warm() -> None:
    """Open this thread's connection and read one row, so that no parse pays for it."""
    con = _connection()
    if con is not None:
        con.execute("SELECT amfi_code FROM scheme WHERE isin = ? LIMIT 1", ("",)).fetchone()


def type_from_category(category: str | None, coarse: str | None) -> SchemeType | None:
    head = (category or "").split(" Scheme", 1)[0].strip().lower()
    if head in ("equity", "debt", "hybrid"):
        return SchemeType(head.capitalize())
    if head in ("other", "solution oriented"):
        return SchemeType.OTHER
    if coarse:
        return SchemeType.DEBT if coarse.upper() == "DEBT" else SchemeType.EQUITY
    return None


def type_from_name(name: str) -> SchemeType:
    if _HYBRID.search(name):
        return SchemeType.HYBRID
    if _OTHER.search(name):
        return SchemeType.OTHER
    if _DEBT.search(name):
        return SchemeType.DEBT
    return SchemeType.EQUITY


@lru_cache(maxsize=4096)
def lookup(isin: str | None, name: str) -> tuple[str | None, SchemeType]:
    """``(amfi_code, type)`` of a scheme."""
    con = _connection() if isin else None
    if con is not None:
        row = con.execute(
            "SELECT amfi_code, sebi_category, type FROM scheme WHERE isin = ? "
            "ORDER BY amfi_code IS NULL, id DESC LIMIT 1",
            (isin,),
        ).fetchone()
        if row is not None:
            amfi, category, coarse = row
            kind = type_from_category(category, coarse) or type_from_name(name)
            return (str(amfi) if amfi else None), kind
    return None, type_from_name(name)


def reference_row(sql: str, args: tuple[object, ...]) -> tuple[object, ...] | None:
    """One row of a read-only query on the database (``None`` without it or without a match);
    core.analytics reads SEBI categories and the 31 January 2018 NAVs this way."""
    con = _connection()
    if con is None:
        return None
    row = con.execute(sql, args).fetchone()
    return tuple(row) if row is not None else None
