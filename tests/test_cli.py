"""``casgate parse``: the engine from the command line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from tests.statements import generate

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "CASGATE_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip


def test_parse_prints_the_unified_json_and_csv(tmp_path: Path) -> None:
    made = generate(issuer="KFINTECH", variant="DETAILED", seed=31, pages=2)
    pdf = tmp_path / "cas.pdf"
    pdf.write_bytes(made.pdf)

    as_json = run_cli("parse", str(pdf), "--password", made.password, tmp_path=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    body = json.loads(as_json.stdout)
    assert body["investor"]["name"] == made.truth["investor"]["name"]
    truth_rows = [
        (f["folio_number"], s["isin"], t["date"], t["type"])
        for f in made.truth["mutual_funds"]
        for s in f["schemes"]
        for t in s.get("transactions", [])
    ]
    as_csv = run_cli("parse", str(pdf), "--password", made.password, "--output", "csv",
                     tmp_path=tmp_path)  # fmt: skip
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["folio_number"], r["isin"], r["date"], r["type"]) for r in rows] == truth_rows


def test_parse_errors_are_one_clear_line(tmp_path: Path) -> None:
    made = generate(issuer="CAMS", variant="SUMMARY", seed=32, pages=2)
    pdf = tmp_path / "cas.pdf"
    pdf.write_bytes(made.pdf)
    wrong = run_cli("parse", str(pdf), "--password", "nope", tmp_path=tmp_path)
    assert wrong.returncode == 2
    assert "password" in wrong.stderr.lower() and "Traceback" not in wrong.stderr
    missing = run_cli("parse", str(tmp_path / "absent.pdf"), tmp_path=tmp_path)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_parse_writes_a_contract_note_as_one_csv_row_per_trade(tmp_path: Path) -> None:
    from tests.statements.contract_note_render import generate as generate_note

    pdf_bytes, note = generate_note("upstox", 6)
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(pdf_bytes)
    as_csv = run_cli("parse", str(pdf), "--password", note.pan, "--output", "csv",
                     tmp_path=tmp_path)  # fmt: skip
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["trade_number"], r["buy_sell"], r["net_total"]) for r in rows] == [
        (t.trade_number, t.side, str(float(t.net_total))) for t in note.trades
    ]
    assert {r["trade_date"] for r in rows} == {note.trade_date.isoformat()}
