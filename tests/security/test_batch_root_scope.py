"""Attack 2: the operator's batch root shared with every tenant. Server-side paths belong to the
operator's account; another account gets only its own folder, once the operator creates it."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.accounts.auth import authenticate
from core.accounts.keys import create_key
from core.accounts.principal import Principal
from core.accounts.users import login, register
from core.batch import start_batch, validate_paths
from core.batch.views import PathChecksView
from core.errors import Forbidden
from core.settings import Settings
from tests.accounts.conftest import database_url  # noqa: F401 (fixture)
from tests.batch.conftest import end_batches

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Iterator[Settings]:  # noqa: F811
    root = tmp_path / "root"
    root.mkdir()
    (root / "operator-only.pdf").write_bytes(PDF)
    settings = Settings(
        database_url=database_url,
        data_dir=tmp_path / "data",
        batch_root=str(root),
        bootstrap_api_key="operator-key-" + "p" * 20,
    )
    yield settings
    end_batches(settings)  # the started batch ends before its database goes


def _self_registered(settings: Settings) -> Principal:
    email = f"tenant{secrets.token_hex(4)}@example.test"
    register(email, "correct horse battery", settings=settings)
    token = login(email, "correct horse battery", settings=settings).access_token
    return authenticate(None, token, settings=settings)


def _paths_of(report: PathChecksView) -> dict[str, bool]:
    return {r.path: r.exists for r in report.results}


async def test_a_tenant_without_a_folder_is_refused(settings: Settings) -> None:
    tenant = _self_registered(settings)
    with pytest.raises(Forbidden, match="not enabled for this account"):
        await validate_paths(tenant, ["operator-only.pdf"], settings=settings)
    with pytest.raises(Forbidden):
        await start_batch(tenant, "steal", [{"path": "operator-only.pdf"}], settings=settings)


async def test_a_tenant_sees_only_its_own_folder(settings: Settings) -> None:
    root = Path(settings.batch_root)
    _, secret = create_key("tenant", 10, settings=settings)
    tenant = authenticate(secret, None, settings=settings)
    other = _self_registered(settings)
    for owner in (tenant, other):
        (root / (owner.account_id or "")).mkdir()  # the operator's grant
        (root / (owner.account_id or "") / "mine.pdf").write_bytes(PDF)

    report = await validate_paths(
        tenant,
        [
            "mine.pdf",
            str(root / (tenant.account_id or "") / "mine.pdf"),
            "../operator-only.pdf",
            f"../{other.account_id}/mine.pdf",
            str(root / "operator-only.pdf"),
        ],
        settings=settings,
    )
    assert [r.error is None for r in report.results] == [True, True, False, False, False]
    started = await start_batch(tenant, "own", [{"path": "mine.pdf"}], settings=settings)
    assert started.total == 1


async def test_the_operator_keeps_the_whole_root(settings: Settings) -> None:
    operator = authenticate(settings.bootstrap_api_key, None, settings=settings)
    report = await validate_paths(operator, ["operator-only.pdf"], settings=settings)
    assert _paths_of(report) == {"operator-only.pdf": True}
