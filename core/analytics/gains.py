"""Realised gains from the FIFO matches: each lot's term, rate and taxable gain on the rules
of its sale date, then totals per financial year and per scheme."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter

from .funds import FundNature, nav_on_31_jan_2018
from .lots import Match
from .money import ZERO, paisa
from .rules import Term, Treatment, cost_inflation_index, financial_year, treatment
from .views import GainsYearView, GainTransactionView, SchemeGainsView


@dataclass(frozen=True, slots=True)
class Gain:
    """A match with the rules applied."""

    match: Match
    year: str
    rule: Treatment
    fmv_nav: Decimal | None
    taxable: Decimal | None
    #: an equity-oriented fund's lot
    equity: bool


def _taxable(match: Match, rule: Treatment, fmv_nav: Decimal | None) -> Decimal | None:
    if rule.term is Term.SHORT:
        return match.gain
    if rule.exempt:
        return ZERO
    if rule.grandfathered:
        if fmv_nav is None:
            return None
        fmv = fmv_nav * match.units
        cost = max(match.cost, min(fmv, match.sale_value))
        return paisa(match.sale_value - cost)
    if rule.indexed:
        bought = cost_inflation_index(match.purchase_date)
        sold = cost_inflation_index(match.sale_date)
        if bought is None or sold is None:
            return None
        return paisa(match.sale_value - paisa(match.cost * sold / bought))
    return match.gain


def apply_rules(matches: list[Match]) -> tuple[list[Gain], list[str]]:
    """Every match with its term, rate and taxable gain; warnings for unknown 2018 NAVs."""
    gains: list[Gain] = []
    unknown_fmv: dict[str, int] = defaultdict(int)
    for m in matches:
        rule = treatment(m.holding.nature, m.purchase_date, m.sale_date)
        fmv_nav = nav_on_31_jan_2018(m.holding.isin) if rule.grandfathered else None
        if rule.grandfathered and fmv_nav is None:
            unknown_fmv[m.holding.label] += 1
        taxable = _taxable(m, rule, fmv_nav)
        equity = m.holding.nature is FundNature.EQUITY
        gains.append(Gain(m, financial_year(m.sale_date), rule, fmv_nav, taxable, equity))
    warnings = [
        f"{label}: the NAV on 31 January 2018 is unknown, so the grandfathered cost of {count} "
        "lot(s) bought by then cannot be computed; their taxable gain is left out (not guessed)"
        for label, count in unknown_fmv.items()
    ]
    return gains, warnings


#: validates a whole list of rows in one call (twice as fast as one model at a time)
_TRANSACTIONS = TypeAdapter(list[GainTransactionView])


def transaction_views(gains: list[Gain]) -> list[GainTransactionView]:
    """One view per matched lot."""
    rows: list[dict[str, Any]] = []
    for g in gains:
        m = g.match
        rows.append(
            {
                "financial_year": g.year,
                "folio": m.holding.folio,
                "isin": m.holding.isin,
                "name": m.holding.name,
                "fund_class": fund_class(g),
                "sale_type": m.sale_type,
                "units": m.units,
                "purchase_date": m.purchase_date.isoformat(),
                "purchase_nav": m.purchase_nav,
                "purchase_value": m.purchase_value,
                "stamp_duty": m.stamp_duty,
                "sale_date": m.sale_date.isoformat(),
                "sale_nav": m.sale_nav,
                "sale_value": m.sale_value,
                "stt": m.stt,
                "gain": m.gain,
                "term": g.rule.term.value,
                "taxable_gain": g.taxable,
                "grandfathered": g.rule.grandfathered,
                "fmv_nav": g.fmv_nav,
                "rate": g.rule.rate,
            }
        )
    return _TRANSACTIONS.validate_python(rows, strict=True)  # every value already its type


def fund_class(g: Gain) -> str:
    """EQUITY_ORIENTED, SPECIFIED (section 50AA applies to this lot) or OTHER."""
    if g.equity:
        return "EQUITY_ORIENTED"
    return "SPECIFIED" if g.rule.rate.startswith("slab (specified") else "OTHER"


def _scheme_class(members: list[Gain]) -> str:
    classes = {fund_class(g) for g in members}
    return classes.pop() if len(classes) == 1 else "OTHER"


def _totals(gains: list[Gain]) -> dict[str, Decimal]:
    # [short, long, long taxable] for equity (0) and other (1) funds
    sums = [[ZERO, ZERO, ZERO], [ZERO, ZERO, ZERO]]
    sale = cost = ZERO
    for g in gains:
        side = sums[0 if g.equity else 1]
        if g.rule.term is Term.SHORT:
            side[0] += g.match.gain
        else:
            side[1] += g.match.gain
            side[2] += g.taxable or ZERO
        sale += g.match.sale_value
        cost += g.match.cost
    totals = {"sale_value": sale, "cost": cost}
    for name, (short, long, taxable) in zip(("equity", "other"), sums, strict=True):
        totals[f"{name}_short_term"] = short
        totals[f"{name}_long_term"] = long
        totals[f"{name}_long_term_taxable"] = taxable
    return totals


def by_year(gains: list[Gain]) -> list[GainsYearView]:
    """Totals per financial year, newest first."""
    years: dict[str, list[Gain]] = defaultdict(list)
    for g in gains:
        years[g.year].append(g)
    return [
        GainsYearView(financial_year=year, **_totals(years[year]))
        for year in sorted(years, reverse=True)
    ]


def by_scheme(gains: list[Gain]) -> list[SchemeGainsView]:
    """Totals per financial year and scheme of a folio, newest year first."""
    groups: dict[tuple[str, str, str, str], list[Gain]] = defaultdict(list)
    for g in gains:
        h = g.match.holding
        groups[(g.year, h.folio, h.isin, h.name)].append(g)
    views = []
    for (year, folio, isin, name), members in groups.items():
        t = _totals(members)
        side = "equity" if members[0].equity else "other"
        views.append(
            SchemeGainsView(
                financial_year=year,
                folio=folio,
                isin=isin,
                name=name,
                fund_class=_scheme_class(members),
                short_term=t[f"{side}_short_term"],
                long_term=t[f"{side}_long_term"],
                long_term_taxable=t[f"{side}_long_term_taxable"],
                sale_value=t["sale_value"],
                cost=t["cost"],
            )
        )
    views.sort(key=lambda v: (v.financial_year, v.name, v.folio))
    views.sort(key=lambda v: v.financial_year, reverse=True)
    return views
