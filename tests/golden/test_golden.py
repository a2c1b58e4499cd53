"""The REST surface answers byte for byte as recorded (after masking volatile values)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .__main__ import BODIES
from .normalise import normalise
from .scenario import record


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return record(tmp_path_factory.mktemp("golden"))


def recorded() -> dict[str, str]:
    return {path.stem: path.read_text() for path in sorted(BODIES.glob("*.txt"))}


def test_every_recorded_call_is_still_made(answered: dict[str, str]) -> None:
    assert sorted(answered) == sorted(recorded())


@pytest.mark.parametrize("name", sorted(recorded()))
def test_body_is_unchanged(answered: dict[str, str], name: str) -> None:
    assert answered[name] == recorded()[name], f"{name} changed; see python -m tests.golden"


def test_normalise_masks_only_volatile_values() -> None:
    body = '{"job_id":"j1","name":"golden","created_at":"2026-01-01T00:00:00Z","total":2}'
    masked = normalise(body)
    assert '"name":"golden"' in masked and '"total":2' in masked
    assert "j1" not in masked and "2026" not in masked


def test_normalise_keeps_the_format_of_instants() -> None:
    seconds = normalise('{"created_at":"2026-01-01T00:00:00Z"}')
    assert seconds == normalise('{"created_at":"2027-02-03T04:05:06Z"}')
    assert seconds != normalise('{"created_at":"2026-01-01T00:00:00.000Z"}')
    assert seconds != normalise('{"created_at":"2026-01-01T00:00:00+00:00"}')


def test_bodies_folder_is_not_empty() -> None:
    assert BODIES.is_dir() and any(Path(BODIES).glob("*.txt"))


def test_normalise_orders_map_members() -> None:
    one = normalise('{"by_type":{"b":1,"a":2},"pages":3}')
    other = normalise('{"by_type":{"a":2,"b":1},"pages":3}')
    assert one == other == '{"by_type":{"a":2,"b":1},"pages":3}'
