"""``casgate parse``: statements and contract notes parsed locally, one file or many.

    casgate parse cas.pdf --password ABCDE1234F
    casgate parse 'statements/*.pdf' --password-env CAS_PASSWORD --output csv --what holdings
    casgate parse a.pdf b.pdf --password-file passwords.txt --strict

Passwords: ``--password``, ``--password-env VAR``, ``--password-file FILE`` (one candidate a
line, each tried in turn: a family's PANs, say) or, when none opens an encrypted file and the
terminal is interactive (or ``--ask-password``), a prompt. Exit codes: 0 success, 2 a file
failed (each failure is one line on stderr, the others are still parsed), 3 with ``--strict``
when a statement is incomplete (``meta.complete`` false).
"""

from __future__ import annotations

import argparse
import getpass
import glob
import json
import os
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import BadRequest, CasgateError, Code
from core.settings import get_settings

#: exit status of ``--strict`` when a statement is incomplete
INCOMPLETE = 3
_PASSWORD_CODES = (Code.PASSWORD_REQUIRED, Code.INCORRECT_PASSWORD)


def add_parser(commands: Any) -> None:
    parse = commands.add_parser(
        "parse",
        help="parse statement PDFs (or contract notes) locally",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("files", nargs="+", metavar="FILE", help="PDF files or glob patterns")
    secret = parse.add_argument_group("passwords")
    secret.add_argument("--password", default=None, help="the PDFs' password")
    secret.add_argument("--password-env", metavar="VAR", help="read the password from $VAR")
    secret.add_argument(
        "--password-file", metavar="FILE", help="candidate passwords, one a line, tried in turn"
    )
    secret.add_argument(
        "--ask-password", action="store_true", help="prompt for the password (no echo)"
    )
    parse.add_argument("--output", choices=["json", "csv"], default="json")
    parse.add_argument(
        "--what",
        choices=["transactions", "holdings"],
        default="transactions",
        help="CSV rows: one per transaction (default) or per holding",
    )
    parse.add_argument(
        "--strict", action="store_true", help=f"exit {INCOMPLETE} when a statement is incomplete"
    )
    parse.set_defaults(func=run)


def expand(patterns: list[str]) -> list[Path]:
    """Files named or matched (a quoted glob is expanded here; the shell may have done it)."""
    files: list[Path] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            matched = sorted(glob.glob(pattern, recursive=True))
            if not matched:
                raise BadRequest(f"no file matches {pattern}")
            files.extend(Path(name) for name in matched)
        else:
            files.append(Path(pattern))
    return files


def candidates(args: argparse.Namespace) -> list[str]:
    """Every password given, in the order they are tried."""
    found: list[str] = []
    if args.password is not None:
        found.append(args.password)
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise BadRequest(f"--password-env: the variable {args.password_env} is not set")
        found.append(value)
    if args.password_file:
        lines = Path(args.password_file).read_text(encoding="utf-8").splitlines()
        found.extend(line.strip() for line in lines if line.strip())
    if args.ask_password:
        found.append(getpass.getpass("Password: "))
    return found


@dataclass
class Parsed:
    """One file's outcome."""

    file: Path
    body: dict[str, Any] = field(default_factory=dict)
    is_note: bool = False
    error: str = ""


def _read(data: bytes, password: str | None) -> tuple[dict[str, Any], bool]:
    from core.contract_notes import read_any
    from core.models import UnifiedResponse

    result = read_any(data, password, settings=get_settings())
    if isinstance(result, UnifiedResponse):
        return result.to_dict(), False
    return result.model_dump(mode="json", exclude_none=True), True


def parse_file(file: Path, passwords: list[str], interactive: bool) -> Parsed:
    """Try each password (none when none was given), then a prompt when that is allowed."""
    data = file.read_bytes()
    tries: list[str | None] = [*passwords] or [None]
    prompted = False
    while True:
        password = tries.pop(0)
        try:
            body, is_note = _read(data, password)
            return Parsed(file, body, is_note)
        except CasgateError as error:
            if error.code not in _PASSWORD_CODES:
                return Parsed(file, error=error.message)
            if tries:
                continue
            if interactive and not prompted:
                prompted = True
                tries.append(getpass.getpass(f"Password for {file}: "))
                continue
            return Parsed(file, error=error.message)


def _csv(parsed: Parsed, what: str) -> str:
    from core.export import holdings_csv, trades_csv, transactions_csv

    to_csv: Callable[[dict[str, Any]], str]
    if parsed.is_note:
        to_csv = trades_csv
    else:
        to_csv = holdings_csv if what == "holdings" else transactions_csv
    return to_csv(parsed.body)


def _with_file_column(text: str, file: Path, header: bool) -> str:
    """CSV rows of one of several files, each led by the file's name."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for index, row in enumerate(rows):
        if index == 0:
            if header:
                writer.writerow(["file", *row])
            continue
        writer.writerow([str(file), *row])
    return out.getvalue()


def _report(parsed: Parsed, caught: list[warnings.WarningMessage]) -> None:
    """The file's warnings, one line each on stderr: the statement's own, then the libraries'
    (without their source lines)."""
    notes = [str(w) for w in parsed.body.get("warnings") or []]
    notes += [str(w) for w in (parsed.body.get("data") or {}).get("warnings") or []]
    notes += [str(w.message) for w in caught]
    for note in notes:
        print(f"casgate: {parsed.file}: warning: {note}", file=sys.stderr)


def _incomplete(parsed: Parsed) -> list[str] | None:
    meta = parsed.body.get("meta") or {}
    if parsed.is_note or meta.get("complete") is not False:
        return None
    return list(meta.get("incomplete_sections") or [])


def run(args: argparse.Namespace) -> int:
    files = expand(args.files)
    passwords = candidates(args)
    interactive = not passwords and sys.stdin.isatty()
    several = len(files) > 1
    status = 0
    outputs: list[Parsed] = []
    for file in files:
        if not file.is_file():
            print(f"casgate: {file}: no such file", file=sys.stderr)
            status = 2
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parsed = parse_file(file, passwords, interactive)
        if parsed.error:
            print(f"casgate: {file}: {parsed.error}", file=sys.stderr)
            status = 2
            continue
        _report(parsed, caught)
        sections = _incomplete(parsed)
        if args.strict and sections is not None:
            named = f" ({', '.join(sections)})" if sections else ""
            print(f"casgate: {file}: the statement is incomplete{named}", file=sys.stderr)
            status = status or INCOMPLETE
        if args.output == "csv":
            text = _csv(parsed, args.what)
            write(_with_file_column(text, file, not outputs) if several else text)
        elif not several:
            write(json.dumps(parsed.body, indent=2, ensure_ascii=False) + "\n")
        outputs.append(parsed)
    if args.output == "json" and several:
        listing = [{"file": str(p.file), "result": p.body} for p in outputs]
        write(json.dumps(listing, indent=2, ensure_ascii=False) + "\n")
    return status


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
