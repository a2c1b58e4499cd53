"""NSDL eCAS: the engine against the generator's ground truth, and casparser (test-only peer)
against the same truth wherever it reads the field.

Documented peer limitations, checked narrowly (casparser/parsers/nsdl.py, pageobj.py):
* security names cut at equal widths are rejoined with a space at every cut, so names are
  compared with spaces removed;
* its investor address ends with the ``PINCODE:`` line;
* it has no government-securities class: government securities come back as bonds, and
  alternate investment funds are not read;
* demat transactions, folio AMC/registrar and the NSDL ID are not read;
* it takes a security name's first cell only (a piece cut just before a space is a cell of its
  own), so its name must be a part of the true name; in the CDSL accounts' detailed table it
  takes, of the stacked current and free balances, the one whose first glyph starts further
  left (equal widths: a side-bearing tie), so there the units may be the free balance;
* where the stock symbol is printed beside the ISIN (a column of its own), it takes the symbol
  for the company name.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

import casparser
import pytest

from core.errors import BadRequest
from core.models import StatementKind
from core.parse import parse_statement
from tests.statements.ecas import GeneratedStatement, generate_ecas

from .corpus import comparable, differences
from .peer import Disagreements

SEEDS = [1, 2, 3, 4, 5, 6]


@cache
def nsdl(seed: int, size: int = 2) -> GeneratedStatement:
    encryption = (None, "RC4", "AES-128", "AES-256")[seed % 4]
    return generate_ecas(depository="NSDL", seed=seed, size=size, encryption=encryption)


@pytest.mark.parametrize("seed", SEEDS)
def test_nsdl_matches_ground_truth(seed: int) -> None:
    g = nsdl(seed)
    result = parse_statement(g.pdf, g.password, expected=StatementKind.NSDL).to_dict()
    diffs = differences(g.truth, comparable(result))
    assert not diffs, f"{g.name}: {len(diffs)} differences, first: {diffs[:8]}"


def test_big_nsdl_statement() -> None:
    g = nsdl(40, size=8)
    result = parse_statement(g.pdf, g.password).to_dict()
    assert not differences(g.truth, comparable(result))


def test_corpus_covers_every_class_and_quirk() -> None:
    classes: set[str] = set()
    pledged = symbols = moved = lakh = split = 0
    for seed in SEEDS:
        truth = nsdl(seed).truth
        for account in truth["demat_accounts"]:
            for cls, rows in account["holdings"].items():
                classes.add(cls)
                for h in rows:
                    pledged += "pledged_units" in h["additional_info"]
                    symbols += "symbol" in h["additional_info"]
                    moved += bool(h["transactions"])
                    split += len(h["name"]) > 24
        lakh += sum(f["value"] >= 100000 for f in truth["mutual_funds"])
    assert classes == {
        "equities",
        "demat_mutual_funds",
        "corporate_bonds",
        "government_securities",
        "aifs",
    }
    assert pledged and symbols and moved and lakh and split
    assert {a["demat_type"] for s in SEEDS for a in nsdl(s).truth["demat_accounts"]} == {
        "NSDL",
        "CDSL",
    }


def test_wrong_total_is_a_warning() -> None:
    clean = nsdl(3)
    assert parse_statement(clean.pdf, clean.password).warnings == []
    tampered = generate_ecas(depository="NSDL", seed=3, encryption=None, tamper_total=True)
    parsed = parse_statement(tampered.pdf, None)
    warnings = parsed.warnings or []
    assert any("Printed portfolio value" in w for w in warnings), warnings
    assert parsed.meta.complete is False and parsed.meta.incomplete_sections == ["summary"]


def test_nsdl_file_to_other_endpoints_names_what_it_is() -> None:
    g = nsdl(2)
    for expected in (StatementKind.CDSL, StatementKind.CAMS_KFINTECH):
        with pytest.raises(BadRequest, match="NSDL eCAS"):
            parse_statement(g.pdf, g.password, expected=expected)


def _narrow(row: tuple[Any, ...], truth: list[dict[str, Any]], detailed: bool) -> tuple[Any, ...]:
    """A detailed-table row of the peer, mapped to the truth where its documented limits allow."""
    isin, name, units, value = row
    t = next((x for x in truth if x["isin"] == isin), None)
    if t is None:
        return row
    full = _squash(t["name"]) or ""
    symbol = t["additional_info"].get("symbol")
    if name and (name in full or (symbol and name == f"{symbol}.NSE")):
        name = full
    if detailed and units == t["additional_info"].get("free_units"):
        units = t["units"]
    return isin, name, units, value


def _squash(text: str | None) -> str | None:
    return None if text is None else text.replace(" ", "")


def _iso_dmy(text: str | None) -> str | None:
    from datetime import datetime

    return None if text is None else datetime.strptime(text, "%d-%b-%Y").date().isoformat()


@pytest.mark.parametrize("seed", SEEDS[:4])
def test_casparser_agrees_with_ground_truth(seed: int) -> None:
    g = nsdl(seed)
    truth = g.truth
    peer = casparser.read_cas_pdf(io.BytesIO(g.pdf), g.password or "", sort_transactions=False)
    check = Disagreements()
    same = check.same

    inv = truth["investor"]
    same("name", inv["name"], peer.investor_info.name)
    same("address", f"{inv['address']}\nPINCODE: {inv['pincode']}", peer.investor_info.address)
    period = truth["meta"]["statement_period"]
    same(
        "period",
        (period["from"], period["to"]),
        tuple(
            __import__("datetime").datetime.strptime(d, "%d-%b-%Y").date().isoformat()
            for d in (peer.statement_period.from_, peer.statement_period.to)
        ),
    )
    demat = [a for a in peer.accounts if a.type != "Mutual Fund Folios"]
    same(
        "accounts",
        [
            (a["demat_type"], a["dp_id"], a["client_id"], a["dp_name"], a["value"])
            for a in truth["demat_accounts"]
        ],
        [(a.type.split()[0], a.dp_id, a.client_id, a.name, float(a.balance)) for a in demat],
    )
    for t, p in zip(truth["demat_accounts"], demat, strict=False):
        at = f"{t['dp_id']}/{t['client_id']}"
        same(
            f"{at}.holders",
            [(h["name"], h["pan"]) for h in t["linked_holders"]],
            [(o.name, o.PAN) for o in p.owners],
        )
        h = t["holdings"]
        rows = {
            "equities": [
                (e.isin, _squash(e.name), float(e.num_shares), float(e.value)) for e in p.equities
            ],
            "mf": [
                (m.isin, _squash(m.name), float(m.balance), float(m.value)) for m in p.mutual_funds
            ],
            "bonds": [
                (b.isin, _squash(b.name), float(b.num_bonds), float(b.value)) for b in p.bonds
            ],
        }
        want = {
            "equities": h.get("equities", []),
            "mf": h.get("demat_mutual_funds", []),
            "bonds": h.get("corporate_bonds", []) + h.get("government_securities", []),
        }
        detailed = t["demat_type"] == "CDSL"
        for key, rows_ in want.items():
            expected = [(x["isin"], _squash(x["name"]), x["units"], x["value"]) for x in rows_]
            got = rows[key]
            if key != "bonds":
                got = [_narrow(row, rows_, detailed) for row in got]
            same(f"{at}.{key}", sorted(expected), sorted(got))
    folios = next(a for a in peer.accounts if a.type == "Mutual Fund Folios")
    same(
        "folios",
        [
            (
                f["schemes"][0]["isin"],
                f["folio_number"],
                f["schemes"][0]["units"],
                f["schemes"][0]["nav"],
                f["schemes"][0]["value"],
                f["schemes"][0]["cost"],
                f["schemes"][0]["gain"]["absolute"],
            )
            for f in truth["mutual_funds"]
        ],
        [
            (
                m.isin,
                m.folio,
                float(m.balance),
                float(m.nav),
                float(m.value),
                float(m.total_cost or 0),
                float(m.pnl or 0),
            )
            for m in folios.mutual_funds
        ],
    )
    for t, m in zip(truth["mutual_funds"], folios.mutual_funds, strict=False):
        s = t["schemes"][0]
        same("folio name", f"{s['additional_info']['rta_code']}-{s['name']}", m.name)
        placeholder = m.ucc is None or m.ucc.upper() in ("NOT AVAILABLE", "NA", "N.A.", "")
        same(
            f"{m.folio}.ucc",
            t.get("additional_info", {}).get("ucc"),
            None if placeholder else m.ucc,
        )
    # bond terms: face value, coupon rate and frequency, maturity (the peer keeps the date as
    # printed)
    for t, p in zip(truth["demat_accounts"], demat, strict=False):
        h = t["holdings"]
        expected = sorted(
            (
                b["isin"],
                b["additional_info"]["face_value"],
                b["additional_info"]["coupon_rate"],
                b["additional_info"]["coupon_frequency"],
                b["additional_info"]["maturity_date"],
            )
            for b in h.get("corporate_bonds", []) + h.get("government_securities", [])
        )
        got = sorted(
            (
                b.isin,
                None if b.face_value is None else float(b.face_value),
                None if b.coupon_rate is None else float(b.coupon_rate),
                b.coupon_frequency,
                _iso_dmy(b.maturity_date),
            )
            for b in p.bonds
        )
        same(f"{t['dp_id']}/{t['client_id']}.bond terms", expected, got)
    check.assert_none(g.name)
    assert not peer.parse_warnings, peer.parse_warnings
