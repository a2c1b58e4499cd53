"""Jobs for a worker process in the metrics tests; a module of its own so that a worker imports
only this (and core.metrics), not the test module and the server behind it."""

from __future__ import annotations

import time

from core import metrics


def sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def count_in_worker(amount: float) -> str:
    metrics.increment(metrics.WEBHOOK_DELIVERIES, "delivered", amount=amount)
    return "counted"
