"""When a failed delivery is tried again.

Attempt 1 goes at once; attempt ``n + 1`` waits the schedule's ``n``-th delay (Standard
Webhooks' 5 s, 5 min, 30 min, 2 h, 5 h, 10 h by default: roughly exponential), spread by a
random jitter so that deliveries that failed together do not all come back together. A
``Retry-After`` from the receiver is honoured: the next attempt never comes sooner (capped at a
day, so a receiver cannot park a delivery forever). After the last delay's attempt the delivery
has failed.
"""

from __future__ import annotations

import random
from email.utils import parsedate_to_datetime

from core.db import utcnow
from core.settings import Settings

#: the longest wait a receiver's ``Retry-After`` can ask for
MAX_RETRY_AFTER_SECONDS = 86400.0


def retry_delay(settings: Settings, attempts: int, retry_after: float | None) -> float | None:
    """Seconds until the next attempt after ``attempts`` failed ones; ``None`` to give up."""
    schedule = settings.webhook_retry_schedule
    if attempts > len(schedule):
        return None
    base = schedule[attempts - 1]
    jitter = settings.webhook_retry_jitter
    delay = base * random.uniform(1 - jitter, 1 + jitter)
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER_SECONDS))
    return delay


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds: delta-seconds or an HTTP date; ``None`` when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - utcnow()).total_seconds())
