"""Fixtures of the batch, history and storage tests: a migrated database per backend (SQLite
and this machine's PostgreSQL, from ``tests/accounts/conftest.py``), a batch root filled with
generated statements, an API key with credits, and a Redis key prefix cleaned up afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from core.accounts.auth import authenticate
from core.accounts.keys import create_key
from core.accounts.principal import Principal
from core.batch import stop_runners
from core.batch.pool import shutdown_document_pools
from core.settings import Settings
from tests.accounts.conftest import (  # noqa: F401  (fixtures)
    _no_default_settings,
    database_url,
    redis_prefix,
)
from tests.statements import GeneratedStatement, generate

#: generated statements used as documents: small and quick to parse, of every layout
LAYOUTS = [
    ("CAMS", "SUMMARY"),
    ("KFINTECH", "SUMMARY"),
    ("CAMS", "DETAILED"),
    ("KFINTECH", "DETAILED"),
]


@cache
def statement(seed: int, pages: int = 1) -> GeneratedStatement:
    issuer, variant = LAYOUTS[seed % len(LAYOUTS)]
    encryption = "AES-128" if seed % 3 == 0 else None
    return generate(issuer=issuer, variant=variant, seed=seed, pages=pages, encryption=encryption)


#: a file that starts like a PDF but is not one: the parser refuses it
POISON = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ngarbage" * 20


@dataclass
class Account:
    principal: Principal
    key_id: str


def make_settings(url: str, tmp_path: Path, **overrides: object) -> Settings:
    root = tmp_path / "root"
    root.mkdir(exist_ok=True)
    values: dict[str, object] = {
        "database_url": url,
        "data_dir": tmp_path / "data",
        "batch_root": str(root),
        "redis_url": "",
        "bootstrap_api_key": "",
        "jwt_secret": "batch-tests-secret-0123456789abcdef0123456789",
        "allow_private_urls": True,
        "parse_workers": 2,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def end_batches(settings: Settings) -> None:
    """After a test: its batches stop before its database goes. The document pool of these
    settings' worker parameters stays warm for the next test (every test has other settings,
    but jobs carry theirs into the workers); a pool of a test's own limits (a deadline, a
    memory cap, one worker) goes with the test."""
    stop_runners()
    shutdown_document_pools(keep=settings)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Iterator[Settings]:  # noqa: F811
    settings = make_settings(database_url, tmp_path)
    yield settings
    end_batches(settings)


def grant_batch_root(settings: Settings, account_id: str) -> None:
    """The operator's grant of server-side paths to an account: its folder in the batch root,
    here a link to the whole root, where these tests write their statements."""
    root = Path(settings.batch_root)
    (root / account_id).symlink_to(root, target_is_directory=True)


def new_account(settings: Settings, credits: float = 1000) -> Account:
    info, secret = create_key("batch tests", credits, settings=settings)
    grant_batch_root(settings, info.account_id)
    return Account(authenticate(secret, None, settings=settings), info.id)


@pytest.fixture
def account(settings: Settings) -> Account:
    return new_account(settings)


@pytest.fixture
def other(settings: Settings) -> Account:
    return new_account(settings)


def write_statements(settings: Settings, seeds: list[int], folder: str = ".") -> list[dict]:
    """Write statements into the batch root; their sources (relative paths + passwords)."""
    root = Path(settings.batch_root) / folder
    root.mkdir(parents=True, exist_ok=True)
    sources = []
    for seed in seeds:
        generated = statement(seed)
        name = f"{folder}/cas_{seed}.pdf".lstrip("./")
        (root / f"cas_{seed}.pdf").write_bytes(generated.pdf)
        source = {"path": name}
        if generated.password:
            source["password"] = generated.password
        sources.append(source)
    return sources
