"""Comparing the peer parser (casparser) with the ground truth, field by field."""

from __future__ import annotations

from typing import Any


class Disagreements:
    """Collects every field where the peer differs from the truth, to report them all at once."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def same(self, path: str, expected: Any, actual: Any) -> None:
        if expected != actual:
            self.found.append(f"{path}: peer {actual!r} != truth {expected!r}")

    def assert_none(self, name: str, shown: int = 8) -> None:
        assert not self.found, f"{name}: {len(self.found)} disagreements: {self.found[:shown]}"
