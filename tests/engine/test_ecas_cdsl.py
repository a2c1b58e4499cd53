"""CDSL eCAS: the engine against the generator's ground truth, detection against NSDL, and
casparser (test-only peer) against the same truth wherever it reads the field.

Documented peer limitations, checked narrowly (casparser/parsers/cdsl.py, pageobj.py):
* security names cut at equal widths are rejoined with a space at every cut, so names are
  compared with spaces removed; the ``!!`` / ``##`` status markers after a name stay in its name
  (``@`` is dropped);
* it has no bond, government-security or AIF class for CDSL holding statements: every ``INF``
  ISIN (AIFs included) is a mutual fund and everything else an equity, so bonds and G-secs are
  compared as its equities (ours are checked to keep them apart by the ground-truth test);
* demat transactions, account details (BO status, nominee, email), folio AMC/registrar and the
  CAS ID are not read; frozen / pledged / free balances are not read;
* its investor address ends with the ``PINCODE:`` line; NPS tiers are roman numerals;
* in mutual-fund tables without the ARN or TER columns it leaves the profit/loss unread.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache
from typing import Any

import casparser
import pikepdf
import pytest

from core.detect import detect_text
from core.errors import BadRequest
from core.models import StatementKind
from core.parse import parse_statement
from tests.statements.ecas import GeneratedStatement, generate_ecas
from tests.statements.ecas_cdsl import folio_lines, marker
from tests.statements.ecas_variants import ecas_variant

from .corpus import comparable, differences
from .peer import Disagreements

SEEDS = [1, 2, 3, 4, 5, 6, 7, 8]


@cache
def cdsl(seed: int, size: int = 2) -> GeneratedStatement:
    encryption = (None, "RC4", "AES-128", "AES-256")[seed % 4]
    return generate_ecas(depository="CDSL", seed=seed, size=size, encryption=encryption)


@pytest.mark.parametrize("seed", SEEDS)
def test_cdsl_matches_ground_truth(seed: int) -> None:
    g = cdsl(seed)
    result = parse_statement(g.pdf, g.password, expected=StatementKind.CDSL).to_dict()
    diffs = differences(g.truth, comparable(result))
    assert not diffs, f"{g.name}: {len(diffs)} differences, first: {diffs[:8]}"


def test_big_cdsl_statement() -> None:
    g = cdsl(40, size=10)
    assert g.pages >= 8
    result = parse_statement(g.pdf, g.password).to_dict()
    assert not differences(g.truth, comparable(result))


def test_corpus_covers_every_class_and_quirk() -> None:
    classes: set[str] = set()
    seen: dict[str, int] = dict.fromkeys(
        ("pledged", "frozen", "moved", "stamp", "@", "!!", "##", "wrapped_folio", "nominee"), 0
    )
    kinds: set[str] = set()
    for seed in SEEDS:
        truth = cdsl(seed).truth
        for account in truth["demat_accounts"]:
            kinds.add(account["demat_type"])
            seen["nominee"] += "nominee" in account["additional_info"]
            for cls, rows in account["holdings"].items():
                classes.add(cls)
                for h in rows:
                    info = h["additional_info"]
                    seen["pledged"] += "pledged_units" in info
                    seen["frozen"] += "frozen_units" in info
                    seen["moved"] += bool(h["transactions"])
                    seen["stamp"] += any(
                        "stamp_duty" in t["additional_info"] for t in h["transactions"]
                    )
                    sign = marker(h["isin"])
                    if sign:
                        seen[sign] += 1
        seen["wrapped_folio"] += sum(
            len(folio_lines(f["folio_number"])) > 1 for f in truth["mutual_funds"]
        )
    assert classes == {
        "equities",
        "demat_mutual_funds",
        "corporate_bonds",
        "government_securities",
        "aifs",
    }
    assert all(seen.values()), seen
    assert kinds == {"NSDL", "CDSL"}
    assert any("nps" in cdsl(s).truth for s in SEEDS)
    assert any(len(a["linked_holders"]) > 1 for s in SEEDS for a in cdsl(s).truth["demat_accounts"])


def test_wrong_total_is_a_warning() -> None:
    clean = cdsl(3)
    assert parse_statement(clean.pdf, clean.password).warnings == []
    tampered = generate_ecas(depository="CDSL", seed=3, encryption=None, tamper_total=True)
    parsed = parse_statement(tampered.pdf, None)
    warnings = parsed.warnings or []
    assert any("Printed portfolio value" in w for w in warnings), warnings
    assert parsed.meta.complete is False and parsed.meta.incomplete_sections == ["summary"]


def test_cdsl_file_to_other_endpoints_names_what_it_is() -> None:
    g = cdsl(2)
    for expected in (StatementKind.NSDL, StatementKind.CAMS_KFINTECH):
        with pytest.raises(BadRequest, match="CDSL eCAS"):
            parse_statement(g.pdf, g.password, expected=expected)


def _without_metadata(pdf: bytes) -> bytes:
    doc = pikepdf.open(io.BytesIO(pdf))
    del doc.trailer["/Info"]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_detection_tells_the_depositories_apart_without_metadata() -> None:
    # the CDSL cover names National Securities Depository (it lists NSDL accounts)
    plain = generate_ecas(depository="CDSL", seed=5, encryption=None)
    stripped = parse_statement(_without_metadata(plain.pdf), None, expected=StatementKind.CDSL)
    assert not differences(plain.truth["demat_accounts"], stripped.to_dict()["demat_accounts"])
    nsdl = generate_ecas(depository="NSDL", seed=5, encryption=None)
    parse_statement(_without_metadata(nsdl.pdf), None, expected=StatementKind.NSDL)
    cdsl_text = (
        "Central Depository Services (India) Limited\nAccounts held with National Securities "
        "Depository Limited (NSDL)\nCAS ID: 12345678\nFOR THE PERIOD FROM 01-04-2026 TO "
        "30-04-2026\nNSDL Demat Account"
    )
    assert detect_text(cdsl_text).kind is StatementKind.CDSL
    nsdl_text = (
        "National Securities Depository Limited\nAbout NSDL\nNSDL ID: 100000000\n"
        "Statement for the period from 01-Mar-2026 to 31-Mar-2026\nCDSL Demat Account"
    )
    assert detect_text(nsdl_text).kind is StatementKind.NSDL
    # metadata wins over content
    title = {"Title": "Central Depository Services (India) Ltd", "Author": "CDSL"}
    assert detect_text(nsdl_text, title).kind is StatementKind.CDSL
    assert detect_text(cdsl_text, {"Title": "NSDL-Consolidated Account Statement"}).kind is (
        StatementKind.NSDL
    )


# --------------------------------------------------------------------------- casparser


def _squash(text: str | None) -> str | None:
    if text is None:
        return None
    for sign in ("!!", "##"):
        text = text.removesuffix(sign)
    return text.replace(" ", "")


def _dmy(text: str) -> str:
    return datetime.strptime(text, "%d-%m-%Y").date().isoformat()


@pytest.mark.parametrize("seed", SEEDS[:5])
def test_casparser_agrees_with_ground_truth(seed: int) -> None:
    g = cdsl(seed)
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
        (_dmy(peer.statement_period.from_), _dmy(peer.statement_period.to)),
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
        want = {
            "equities": h.get("equities", [])
            + h.get("corporate_bonds", [])
            + h.get("government_securities", []),
            "mf": h.get("demat_mutual_funds", []) + h.get("aifs", []),
        }
        got = {
            "equities": [
                (e.isin, _squash(e.name), float(e.num_shares), float(e.price), float(e.value))
                for e in p.equities
            ],
            "mf": [
                (m.isin, _squash(m.name), float(m.balance), float(m.nav), float(m.value))
                for m in p.mutual_funds
            ],
        }
        for key, rows in want.items():
            expected = [
                (
                    x["isin"],
                    _squash(x["name"]),
                    x["units"],
                    x["additional_info"]["price"],
                    x["value"],
                )
                for x in rows
            ]
            same(f"{at}.{key}", sorted(expected), sorted(got[key]))
    folios = next(a for a in peer.accounts if a.type == "Mutual Fund Folios")
    # without the ARN or TER columns the peer leaves the profit/loss unread (None): not compared
    unread = {m.isin for m in folios.mutual_funds if m.pnl is None}
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
                None if f["schemes"][0]["isin"] in unread else f["schemes"][0]["gain"]["absolute"],
                f"{f['schemes'][0]['additional_info']['rta_code']}-{f['schemes'][0]['name']}",
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
                None if m.pnl is None else float(m.pnl),
                m.name,
            )
            for m in folios.mutual_funds
        ],
    )
    # the peer reads a folio's UCC where ``ISIN :`` and ``UCC :`` share a line and the labels
    # are in title case (the paired variant), and ``NOT AVAILABLE`` as ``NOT``
    if ecas_variant(seed).kv_style == 0:
        same(
            "folio ucc",
            [f.get("additional_info", {}).get("ucc") for f in truth["mutual_funds"]],
            [None if m.ucc in (None, "NOT") else m.ucc for m in folios.mutual_funds],
        )
    nps = truth.get("nps")
    if nps:
        account = nps[0]
        same("nps", (account["pran"], account["cra"], account["value"]), _peer_nps(peer))
        same(
            "nps funds",
            [
                (
                    f["name"],
                    f["additional_info"]["manager"],
                    "I" * f["additional_info"]["tier"],
                    f["additional_info"]["asset_class"],
                    f["units"],
                    f["nav"],
                    f["value"],
                )
                for f in account["funds"]
            ],
            [
                (
                    s.scheme,
                    s.fund_manager,
                    s.tier,
                    s.asset_class,
                    float(s.units),
                    float(s.nav),
                    float(s.value),
                )
                for s in peer.nps.schemes
            ],
        )
    else:
        same("nps", None, peer.nps)
    check.assert_none(g.name)
    assert not peer.parse_warnings, peer.parse_warnings


def _peer_nps(peer: Any) -> tuple[Any, ...] | None:
    if peer.nps is None:
        return None
    return peer.nps.pran, peer.nps.nps_sp, float(peer.nps.value)


def test_cdsl_result_loads_into_the_proto() -> None:
    """The servicer loads ``model_dump`` into the proto: every field we output must exist there."""
    from google.protobuf import json_format

    from casgate.v1 import statement_pb2

    for seed in SEEDS[:3]:
        g = cdsl(seed)
        result = parse_statement(g.pdf, g.password).model_dump(mode="json", exclude_none=True)
        message = json_format.ParseDict(result, statement_pb2.UnifiedResponse())
        assert len(message.demat_accounts) == len(g.truth["demat_accounts"])
        assert len(message.nps) == len(g.truth.get("nps", []))
