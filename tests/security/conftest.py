"""A real server behind the real gateway, on SQLite and on a fresh PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Stack, start_stack
from tests.services import postgres_database
from tests.statements import generate


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp(f"security-{request.param}")
    root = data_dir / "batch-root"
    root.mkdir()
    made = generate(issuer="CAMS", variant="SUMMARY", seed=31, pages=1, encryption=None)
    (root / "a.pdf").write_bytes(made.pdf)
    overrides: dict[str, object] = {"batch_root": str(root)}
    if request.param == "sqlite":
        running = start_stack(data_dir, settings=overrides)
        yield running
        running.stop()
        return
    with postgres_database() as url:
        running = start_stack(data_dir, settings={**overrides, "database_url": url})
        yield running
        running.stop()
