"""Real demat security identities (ISIN, name, class) from casparser-isin's ISIN table.

Equities, corporate bonds, government securities (sovereign gold bonds included) and AIFs are
read from the same database the peer parser uses; demat mutual funds reuse the scheme catalog.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from .catalog import _db_path, catalog

#: holding classes, named as the unified model's ``holdings`` lists
EQUITY, MF, BOND, GSEC, AIF = (
    "equities",
    "demat_mutual_funds",
    "corporate_bonds",
    "government_securities",
    "aifs",
)
_CLEAN = re.compile(r"[A-Z0-9 &.,()'/-]+")


@dataclass(frozen=True, slots=True)
class Security:
    isin: str
    name: str
    cls: str
    symbol: str | None = None


def _rows(sql: str) -> list[tuple[str, str, str | None]]:
    con = sqlite3.connect(f"file:{_db_path()}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _ok(name: str, limit: int) -> bool:
    return bool(_CLEAN.fullmatch(name)) and "  " not in name and 8 <= len(name) <= limit


@lru_cache(maxsize=1)
def pools() -> dict[str, tuple[Security, ...]]:
    """Identities per holding class, in a stable order."""
    equities = [
        Security(isin, issuer.strip(), EQUITY, symbol)
        for isin, issuer, symbol in _rows(
            "SELECT isin, issuer, symbol FROM isin WHERE type = 'EQUITY SHARES' "
            "AND status = 'ACTIVE' AND exchange = 'NSE' AND symbol IS NOT NULL "
            "AND isin LIKE 'INE%' ORDER BY isin LIMIT 3000"
        )
        if issuer and _ok(issuer.strip(), 60) and re.fullmatch(r"[A-Z0-9]{2,12}", symbol)
    ]
    bonds = [
        Security(isin, name, BOND)
        for isin, name, _ in _rows(
            "SELECT isin, name, NULL FROM isin WHERE type IN ('DEBENTURE', 'BOND') "
            "AND status = 'ACTIVE' AND isin LIKE 'INE%' ORDER BY isin LIMIT 3000"
        )
        if _ok(name, 64)
    ]
    gsecs = [
        Security(isin, name, GSEC)
        for isin, name, _ in _rows(
            "SELECT isin, name, NULL FROM isin WHERE status = 'ACTIVE' AND ("
            "type = 'SOVEREIGN GOLD BOND' OR (type = 'GOVERNMENT SECURITIES' "
            "AND isin LIKE 'IN00%' AND name LIKE '%GS%' AND name NOT LIKE '%STRIPS%')) "
            "ORDER BY isin LIMIT 600"
        )
        if _ok(name, 64)
    ]
    aifs = [
        Security(isin, name, AIF)
        for isin, name, _ in _rows(
            "SELECT isin, name, NULL FROM isin WHERE type = 'ALTERNATIVE INVESTMENT FUND' "
            "AND status = 'ACTIVE' ORDER BY isin LIMIT 3000"
        )
        if _ok(name, 64)
    ]
    funds = [Security(s.isin, s.name.upper(), MF) for s in catalog() if len(s.name) <= 60]
    return {
        EQUITY: tuple(equities),
        BOND: tuple(bonds),
        GSEC: tuple(gsecs),
        AIF: tuple(aifs),
        MF: tuple(funds),
    }
