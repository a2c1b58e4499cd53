"""Time helpers of the accounts domain: billing periods and the wire format of timestamps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.errors import BadRequest


def next_reset(now: datetime) -> datetime:
    """Midnight UTC on the first day of the month after ``now``: when monthly credits reset."""
    now = now.astimezone(UTC)
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    return datetime(year, month, 1, tzinfo=UTC)


def rfc3339(value: datetime) -> str:
    """``2026-11-22T10:04:05Z``."""
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_time(value: str | datetime | None, field: str, *, end: bool = False) -> datetime | None:
    """An aware UTC datetime from RFC 3339 or ``YYYY-MM-DD`` (``BadRequest`` otherwise).

    A bare date means the start of that day, or with ``end=True`` the start of the next day, so
    that ``end_time=2026-11-30`` includes all of the 30th (callers treat ends as exclusive).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise BadRequest(f"{field} must include a time zone")
        return value.astimezone(UTC)
    text = value.strip()
    try:
        if len(text) == 10:
            day = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
            return day + timedelta(days=1) if end else day
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{field} must be YYYY-MM-DD or an RFC 3339 timestamp") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    # an exact end timestamp is inclusive; the smallest step makes it an exclusive bound
    return parsed + timedelta(microseconds=1) if end else parsed
