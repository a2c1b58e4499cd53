"""Jobs run inside worker processes by the isolation tests (importable by the children)."""

from __future__ import annotations

import time


def sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def hog(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def echo(value: str) -> str:
    return value


def chatty(count: int) -> int:
    """Tell the parent ``count`` notes as it goes, then answer how many it sent."""
    from core.isolation import notify_parent

    for index in range(count):
        assert notify_parent(("step", index))
    return count


def slow_start(seconds: float) -> None:
    """A warm-up that takes ``seconds``."""
    time.sleep(seconds)
