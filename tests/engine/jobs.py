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
