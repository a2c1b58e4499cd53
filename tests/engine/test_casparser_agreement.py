"""casparser (the open-source peer, test-only) must read our generated statements the way the
ground truth says, wherever it reads a field. This keeps the generator honest.

Documented peer limitations, checked narrowly rather than skipped wholesale (see
casparser/parsers/_classify.py and cams_summary.py):
* gifts are typed GIFT_IN/GIFT_OUT, which the contract folds into MISC;
* a reversal with positive units (KFintech's "Units Extinguished-Reversed") is typed PURCHASE
  because its reversal keywords are only consulted for negative units;
* the summary parser keys folios by number alone, so one number under two AMCs merges;
* a hyphenated holder line (``ANNE-MARIE D'COSTA``) is taken for a ``<code>-<name>`` scheme
  line, so scheme names and codes of such files are not compared;
* its scheme type is the database's coarse EQUITY/DEBT column (which sometimes contradicts the
  SEBI category we use), a different vocabulary: not compared.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from typing import Any

import casparser
import pytest

from .corpus import SMALL, statement
from .peer import Disagreements

CASES = [c for c in SMALL if c[2] % 2 == 0] + [
    ("KFINTECH", "DETAILED", 8),
    # layout variants (seed % 4): an AMC named with a digit; joint folios headed by a co-holder
    ("KFINTECH", "SUMMARY", 101),
    ("CAMS", "DETAILED", 103),
]


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return datetime.strptime(str(value), "%d-%b-%Y").date().isoformat()


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _peer_type(t: dict[str, Any]) -> str:
    if t["type"] == "MISC" and "units" in t and "gift" in t["description"].lower():
        return "GIFT_IN" if t["units"] > 0 else "GIFT_OUT"
    if t["type"] == "REVERSAL" and t.get("units", 0) > 0:
        return "PURCHASE"
    return t["type"]


@pytest.mark.parametrize(("issuer", "variant", "seed"), CASES)
def test_casparser_agrees_with_ground_truth(issuer: str, variant: str, seed: int) -> None:
    pages = 2 + seed % 3 if seed >= 100 else 60
    generated = statement(issuer, variant, seed, pages)
    truth = generated.truth
    peer = casparser.read_cas_pdf(
        io.BytesIO(generated.pdf), generated.password, sort_transactions=False
    )
    check = Disagreements()
    same = check.same

    inv = truth["investor"]
    for key in ("name", "email", "mobile", "address"):
        same(f"investor.{key}", inv[key], getattr(peer.investor_info, key))
    period = truth["meta"]["statement_period"]
    same("period.from", period["from"], _iso(peer.statement_period.from_))
    same("period.to", period["to"], _iso(peer.statement_period.to))

    detailed = variant == "DETAILED"
    names_ok = "hyphenated_holder_line" not in generated.peer_traps
    if detailed:
        expected_folios = {
            (f["amc"], f["folio_number"]): f["schemes"] for f in truth["mutual_funds"]
        }
    else:  # the peer merges one folio number under two AMCs
        expected_folios = {}
        for f in truth["mutual_funds"]:
            expected_folios.setdefault((None, f["folio_number"]), []).extend(f["schemes"])
    peer_folios = {((f.amc if detailed else None), f.folio): f for f in peer.folios}
    same("folio keys", sorted(expected_folios, key=str), sorted(peer_folios, key=str))

    for key, schemes in expected_folios.items():
        folio = peer_folios.get(key)
        if folio is None:
            continue
        truth_folio = next(
            f
            for f in truth["mutual_funds"]
            if f["folio_number"] == key[1] and (key[0] is None or f["amc"] == key[0])
        )
        if detailed:
            info = truth_folio["additional_info"]
            same(f"{key}.pan", info["pan"], folio.PAN)
            same(f"{key}.kyc", info["kyc"], folio.KYC)
            same(f"{key}.pankyc", info["pankyc"], folio.PANKYC)
            holders = truth_folio["linked_holders"]
            if folio.name is not None:  # the peer reads ASCII holder names only
                same(f"{key}.holder", holders[0]["name"] if holders else None, folio.name)
        same(f"{key}.schemes", len(schemes), len(folio.schemes))
        for i, (s, p) in enumerate(zip(schemes, folio.schemes, strict=False)):
            at = f"{key}[{i}]"
            info = s["additional_info"]
            if names_ok:
                same(f"{at}.name", s["name"], p.scheme)
                same(f"{at}.rta_code", info["rta_code"], p.rta_code)
                same(f"{at}.isin", s["isin"], p.isin)
                same(f"{at}.amfi", info["amfi"], p.amfi)
            same(f"{at}.close", s["units"], _num(p.close))
            same(f"{at}.nav", s["nav"], _num(p.valuation.nav))
            same(f"{at}.value", s["value"], _num(p.valuation.value))
            same(f"{at}.cost", s["cost"], _num(p.valuation.cost))
            if not detailed:
                continue
            same(f"{at}.open", info["open_units"], _num(p.open))
            same(f"{at}.advisor", info.get("advisor"), p.advisor)
            same(f"{at}.nominees", s["nominees"], p.nominees)
            same(f"{at}.transactions", len(s["transactions"]), len(p.transactions))
            for j, (t, pt) in enumerate(zip(s["transactions"], p.transactions, strict=False)):
                tat = f"{at}.tx[{j}]"
                same(f"{tat}.date", t["date"], _iso(pt.date))
                same(f"{tat}.description", t["description"], pt.description)
                same(f"{tat}.type", _peer_type(t), pt.type.value)
                for field in ("amount", "units", "balance", "dividend_rate"):
                    same(f"{tat}.{field}", t.get(field), _num(getattr(pt, field)))
                if t.get("nav") is not None:
                    same(f"{tat}.nav", t["nav"], _num(pt.nav))
    check.assert_none(generated.name, shown=10)
    assert not getattr(peer, "parse_warnings", []), peer.parse_warnings
