"""``casgate batch start … --watch`` through the real gateway: the files are uploaded as one
multipart batch, the server-sent events drive the progress display to the end, each document
is reported by its own file name, a non-PDF fails alone, and the exit status says whether
every document was parsed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import OPERATOR_KEY, Stack
from tests.statements import generate

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def casgate(*args: str, stack: Stack, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "CASGATE_DATA_DIR": str(tmp_path / "data"),
        "CASGATE_URL": stack.url,
        "CASGATE_API_KEY": OPERATOR_KEY,
        "CAS_PASSWORD": "unused",
    }
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_batch_start_watch_reports_each_file_by_name(stack: Stack, tmp_path: Path) -> None:
    made = generate(issuer="CAMS", variant="SUMMARY", seed=71, pages=2, encryption="AES-128")
    other = generate(issuer="KFINTECH", variant="SUMMARY", seed=72, pages=2, encryption=None)
    (tmp_path / "april.pdf").write_bytes(made.pdf)
    (tmp_path / "may.pdf").write_bytes(other.pdf)
    (tmp_path / "notes.txt").write_text("not a statement")

    files = (str(tmp_path / "*.pdf"), str(tmp_path / "notes.txt"))
    mixed = casgate("batch", "start", *files, "--password", made.password or "", "--watch",
                    stack=stack, tmp_path=tmp_path)  # fmt: skip
    assert mixed.returncode == 2, mixed.stderr
    lines = mixed.stdout.splitlines()
    job_id = lines[0].split()[1].rstrip(":")
    assert lines[0] == f"job {job_id}: 3 document(s) queued"
    assert any(line.startswith("april.pdf: ok (CAMS_KFINTECH") for line in lines), lines
    assert any(line.startswith("may.pdf: ok (CAMS_KFINTECH") for line in lines), lines
    assert any(line.startswith("notes.txt: failed (") for line in lines), lines
    assert lines[-1] == f"job {job_id} completed: 2 parsed, 1 failed"

    clean = casgate("batch", "start", str(tmp_path / "april.pdf"), "--password-env",
                    "CAS_PASSWORD", stack=stack, tmp_path=tmp_path)  # fmt: skip
    assert clean.returncode == 0, clean.stderr  # started; the wrong password shows when watched
    job = clean.stdout.split()[1].rstrip(":")
    watched = casgate("batch", "watch", job, stack=stack, tmp_path=tmp_path)
    assert watched.returncode == 2
    assert watched.stdout.splitlines()[-1] == f"job {job} failed: 0 parsed, 1 failed"
    assert "april.pdf: failed (" in watched.stdout and "password" in watched.stdout.lower()
