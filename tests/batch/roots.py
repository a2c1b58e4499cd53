"""A batch root folder of generated statements, with the ground truth of each file name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.statements import generate


def write_statement_root(root: Path, statements: int, copies: int = 1) -> dict[str, dict[str, Any]]:
    """``statements`` generated statements in ``root``, each in ``copies`` byte-distinct copies
    (bytes after %%EOF change the hash, not the document), their passwords in passwords.json;
    answers the ground truth of each file name."""
    truths: dict[str, dict[str, Any]] = {}
    passwords: dict[str, str] = {}
    for seed in range(statements):
        made = generate(
            issuer="CAMS" if seed % 2 else "KFINTECH",
            variant="SUMMARY" if seed % 3 else "DETAILED",
            seed=1000 + seed,
            pages=1,
        )
        for copy in range(copies):
            name = f"s{seed:02d}_{copy}.pdf"
            (root / name).write_bytes(made.pdf + f"\n%copy {copy}\n".encode())
            truths[name] = made.truth
            passwords[name] = made.password
    (root / "passwords.json").write_text(json.dumps(passwords))
    return truths


def passwords_of(root: Path, names: list[str]) -> list[tuple[str, str]]:
    """(file name, password) of each of ``names``."""
    passwords = json.loads((root / "passwords.json").read_text())
    return [(name, passwords[name]) for name in names]
