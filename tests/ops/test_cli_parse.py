"""``casgate parse`` on several files: globs, passwords from a variable or a file of
candidates, holdings as CSV, warnings as one line each, ``--strict`` on an incomplete
statement, a reader that closes the pipe early; and the data folder the CLI uses."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from core.settings import PROJECT_ROOT, Settings
from tests.statements import generate
from tests.statements.ecas import generate_ecas

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str, tmp_path: Path, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "CASGATE_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=cwd, env={**base, **(env or {})}, capture_output=True, text=True,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_several_files_by_glob_with_a_file_of_passwords(tmp_path: Path) -> None:
    first = generate(issuer="CAMS", variant="DETAILED", seed=61, pages=2, encryption="AES-128")
    second = generate(issuer="KFINTECH", variant="SUMMARY", seed=62, pages=2, encryption="RC4")
    assert first.password != second.password
    folder = tmp_path / "cas"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(first.pdf)
    (folder / "b.pdf").write_bytes(second.pdf)
    passwords = tmp_path / "passwords.txt"
    passwords.write_text(f"WRONG0000X\n{second.password}\n\n{first.password}\n")

    listed = run_cli("parse", str(folder / "*.pdf"), "--password-file", str(passwords),
                     tmp_path=tmp_path)  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    results = json.loads(listed.stdout)
    assert [r["file"] for r in results] == [str(folder / "a.pdf"), str(folder / "b.pdf")]
    assert results[0]["result"]["investor"]["name"] == first.truth["investor"]["name"]
    assert results[1]["result"]["investor"]["name"] == second.truth["investor"]["name"]

    holdings = run_cli("parse", str(folder / "a.pdf"), str(folder / "b.pdf"), "--output", "csv",
                       "--what", "holdings", "--password-file", str(passwords),
                       tmp_path=tmp_path)  # fmt: skip
    assert holdings.returncode == 0, holdings.stderr
    rows = list(csv.DictReader(io.StringIO(holdings.stdout)))
    expected = [
        (str(folder / name), f["folio_number"], s["isin"])
        for name, made in (("a.pdf", first), ("b.pdf", second))
        for f in made.truth["mutual_funds"]
        for s in f["schemes"]
    ]
    assert [(r["file"], r["folio_number"], r["isin"]) for r in rows] == expected
    assert all(r["source"] == "mutual_fund" and r["value"] for r in rows)


def test_demat_holdings_as_csv_with_the_password_from_a_variable(tmp_path: Path) -> None:
    made = generate_ecas(depository="CDSL", seed=5, size=2, encryption="AES-256")
    pdf = tmp_path / "cdsl.pdf"
    pdf.write_bytes(made.pdf)
    result = run_cli("parse", str(pdf), "--password-env", "CAS_PASSWORD", "--output", "csv",
                     "--what", "holdings", tmp_path=tmp_path,
                     env={"CAS_PASSWORD": made.password or ""})  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = sorted(
        (holding_class, h["isin"])
        for account in made.truth["demat_accounts"]
        for holding_class, holdings in account["holdings"].items()
        for h in holdings
    )
    demat = sorted((r["class"], r["isin"]) for r in rows if r["source"].startswith("demat:"))
    assert demat == expected and demat
    unset = run_cli("parse", str(pdf), "--password-env", "NOT_SET_ANYWHERE", tmp_path=tmp_path)
    assert unset.returncode == 2
    assert unset.stderr.strip().endswith("the variable NOT_SET_ANYWHERE is not set")


def test_warnings_are_lines_and_strict_fails_an_incomplete_statement(tmp_path: Path) -> None:
    tampered = generate(issuer="KFINTECH", variant="DETAILED", seed=101, pages=2,
                        encryption=None, tamper_closing=True)  # fmt: skip
    pdf = tmp_path / "tampered.pdf"
    pdf.write_bytes(tampered.pdf)
    # a password for a PDF that needs none: pikepdf warns; the statement warns of its balance
    loose = run_cli("parse", str(pdf), "--password", "ABCDE1234F", tmp_path=tmp_path)
    assert loose.returncode == 0, loose.stderr
    lines = loose.stderr.splitlines()
    pikepdf_says = "A password was provided, but no password was needed to open this PDF."
    assert f"casgate: {pdf}: warning: {pikepdf_says}" in lines
    assert any(line.startswith(f"casgate: {pdf}: warning: ") and "closing unit balance" in line
               for line in lines)  # fmt: skip
    assert "Traceback" not in loose.stderr and "UserWarning" not in loose.stderr
    assert json.loads(loose.stdout)["meta"]["complete"] is False

    strict = run_cli("parse", str(pdf), "--strict", tmp_path=tmp_path)
    assert strict.returncode == 3
    meta = json.loads(strict.stdout)["meta"]  # still printed
    assert meta["complete"] is False and "mutual_funds.transactions" in meta["incomplete_sections"]
    sections = ", ".join(meta["incomplete_sections"])
    assert f"casgate: {pdf}: the statement is incomplete ({sections})" in strict.stderr.splitlines()

    clean = generate(issuer="KFINTECH", variant="DETAILED", seed=101, pages=2, encryption=None)
    (tmp_path / "clean.pdf").write_bytes(clean.pdf)
    assert (
        run_cli("parse", str(tmp_path / "clean.pdf"), "--strict", tmp_path=tmp_path).returncode == 0
    )


def test_one_bad_file_among_several_is_one_line(tmp_path: Path) -> None:
    good = generate(issuer="CAMS", variant="SUMMARY", seed=63, pages=2, encryption=None)
    (tmp_path / "good.pdf").write_bytes(good.pdf)
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    result = run_cli("parse", str(tmp_path / "bad.pdf"), str(tmp_path / "good.pdf"),
                     tmp_path=tmp_path)  # fmt: skip
    assert result.returncode == 2
    assert [r["file"] for r in json.loads(result.stdout)] == [str(tmp_path / "good.pdf")]
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"casgate: {tmp_path / 'bad.pdf'}: ") and "PDF" in line
    nothing = run_cli("parse", str(tmp_path / "*.nothing"), tmp_path=tmp_path)
    assert nothing.returncode == 2 and "no file matches" in nothing.stderr


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    made = generate(issuer="CAMS", variant="DETAILED", seed=64, pages=3, encryption=None)
    for number in range(8):
        (tmp_path / f"cas{number}.pdf").write_bytes(made.pdf)
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "parse", str(tmp_path / "*.pdf"), "--output", "csv"],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin", "CASGATE_DATA_DIR": str(tmp_path / "data")},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"file,source,")  # like `| head -1`
    process.stdout.close()
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(120) == 0
    assert errors == ""


def test_a_relative_data_folder_is_the_checkouts_wherever_the_cli_runs(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    try:
        settings = Settings(data_dir=Path("var"))
    finally:
        os.chdir(ROOT)
    assert settings.data_dir == PROJECT_ROOT / "var"
    assert Settings(data_dir=tmp_path).data_dir == tmp_path  # an absolute one is kept


def test_an_encrypted_pdf_asks_for_its_password_on_a_terminal(tmp_path: Path) -> None:
    import fcntl
    import pty
    import termios

    made = generate(issuer="CAMS", variant="SUMMARY", seed=65, pages=2, encryption="AES-256")
    pdf = tmp_path / "locked.pdf"
    pdf.write_bytes(made.pdf)
    controller, terminal = pty.openpty()

    def own_terminal() -> None:  # the pty becomes the child's /dev/tty, as in a shell
        os.setsid()
        fcntl.ioctl(terminal, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "parse", str(pdf)],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin", "CASGATE_DATA_DIR": str(tmp_path / "data")},
        stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=own_terminal,
    )  # fmt: skip
    os.close(terminal)
    prompt = b""
    while b"Password for" not in prompt:
        prompt += os.read(controller, 1024)
    os.write(controller, f"{made.password}\n".encode())
    out, err = process.communicate(timeout=120)
    os.close(controller)
    assert process.returncode == 0, err
    assert f"Password for {pdf}: ".encode() in prompt
    assert json.loads(out)["investor"]["name"] == made.truth["investor"]["name"]
