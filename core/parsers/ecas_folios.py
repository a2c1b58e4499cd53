"""Mutual-fund folios held with registrars, as the depositories list them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..models import FolioAdditionalInfo, MutualFundFolio, Scheme, SchemeAdditionalInfo
from . import scheme_db
from .cams_common import split_code
from .ecas_tables import Row, isin_and_rest
from .ecas_text import cell_number, cell_text
from .validate import MONEY_TOLERANCE, gain, valuation


@dataclass
class FolioRow:
    isin: str
    description: str
    folio: str
    units: Decimal
    nav: Decimal | None
    value: Decimal
    cost: Decimal | None
    pnl: Decimal | None = None
    advisor: str | None = None
    amc: str | None = None
    registrar: str | None = None
    ucc: str | None = None
    mode_of_holding: str | None = None


#: what depositories print for a folio without a unique client code
NO_UCC = frozenset({"NOT AVAILABLE", "NA", "N.A.", "--", ""})


def ucc_or_none(text: str | None) -> str | None:
    text = (text or "").strip()
    return None if text.upper() in NO_UCC else text


def parse_folio_row(row: Row) -> FolioRow | None:
    """NSDL's ``Mutual Fund Folios (F)`` row: ISIN/UCC, description, folio, numbers."""
    isin, rest = isin_and_rest(row)
    first = row.cells(0)
    folio = cell_text(first, 2)
    units, value = cell_number(first, 3), cell_number(first, 7)
    if isin is None or folio is None or units is None or value is None:
        return None
    description = " ".join(text for text, _ in row.name_pieces)
    return FolioRow(
        isin,
        description,
        folio,
        units,
        cell_number(first, 6),
        value,
        cell_number(first, 5),
        pnl=cell_number(first, 8),
        ucc=ucc_or_none(" ".join(rest)),  # printed below the ISIN (``ISIN / UCC``)
    )


def folio_models(
    rows: list[FolioRow], directory: dict[str, tuple[str, str]], warnings: list[str]
) -> list[MutualFundFolio]:
    """One folio per row; AMC and registrar from the folio directory."""
    out = []
    for r in rows:
        code, name = split_code(r.description)
        amfi, kind = scheme_db.lookup(r.isin, name)
        amc, registrar = directory.get(r.folio, (r.amc, r.registrar))
        label = f"{name} [{r.isin}]"
        warnings += valuation(label, r.units, r.nav, r.value)
        scheme_gain = gain(r.value, r.cost) if r.cost is not None else None
        if (
            scheme_gain is not None
            and r.pnl is not None
            and scheme_gain.absolute is not None
            and abs(scheme_gain.absolute - r.pnl) > MONEY_TOLERANCE
        ):
            warnings.append(f"{label}: printed gain {r.pnl} is not value minus cost.")
        if amc is None:
            warnings.append(f"Folio {r.folio}: no AMC or registrar found for it.")
        scheme = Scheme(
            name=name,
            isin=r.isin,
            type=kind,
            units=r.units,
            nav=r.nav,
            value=r.value,
            cost=r.cost,
            gain=scheme_gain,
            additional_info=SchemeAdditionalInfo(
                advisor=r.advisor, amfi=amfi, rta_code=code, close_units=r.units
            ),
        )
        out.append(
            MutualFundFolio(
                amc=amc,
                folio_number=r.folio,
                registrar=registrar,
                value=r.value,
                additional_info=(
                    FolioAdditionalInfo(ucc=r.ucc, mode_of_holding=r.mode_of_holding)
                    if r.ucc or r.mode_of_holding
                    else None
                ),
                schemes=[scheme],
            )
        )
    return out
