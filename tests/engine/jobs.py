"""Jobs run inside worker processes by the isolation tests (importable by the children)."""

from __future__ import annotations

import os
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


def pid() -> int:
    return os.getpid()


def roomier(limit_mb: int, megabytes: int) -> tuple[bool, int, int]:
    """Raise the worker's memory limit to ``limit_mb`` (and so retire it after this job), then
    allocate ``megabytes``: whether it was raised, the bytes allocated, and the worker's pid."""
    from core.isolation import raise_memory_limit, retire_after_job

    if not raise_memory_limit(limit_mb):
        return False, 0, os.getpid()
    assert retire_after_job()
    return True, len(bytearray(megabytes * 1024 * 1024)), os.getpid()


def ask(*requests: object) -> list[object]:
    """Ask the parent each of ``requests`` in turn: its answers."""
    from core.isolation import ask_parent

    return [ask_parent(request) for request in requests]


def may_ask() -> bool:
    from core.isolation import parent_answers

    return parent_answers()
