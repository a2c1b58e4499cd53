"""Jobs for worker processes in tests; a module of its own so that a worker (its address space
capped) imports only this (and core.metrics), not a test module and the server behind its
conftest."""

from __future__ import annotations

import time

from core import metrics


def misread(data: bytes, password: str) -> None:
    """Fails as a parser bug would."""
    raise ValueError("could not read row 7")


def sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def count_in_worker(amount: float) -> str:
    metrics.increment(metrics.WEBHOOK_DELIVERIES, "delivered", amount=amount)
    return "counted"
