"""Usage: the log of metered calls of an account, listed and summarised by feature.

Rows are written by :mod:`core.accounts.credits`; calls still in flight are not shown.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlmodel import col, func, select

from core.accounts.clock import parse_time, rfc3339
from core.accounts.models import UsageLog
from core.accounts.principal import Principal
from core.accounts.views import (
    FeatureUsageView,
    UsageLogsView,
    UsageLogView,
    UsageReportView,
    UsageSummaryView,
    credits_of,
)
from core.db import session_scope
from core.errors import BadRequest
from core.settings import Settings

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def list_usage(
    principal: Principal,
    start: str | datetime | None = None,
    end: str | datetime | None = None,
    limit: int | None = None,
    *,
    settings: Settings | None = None,
) -> UsageLogsView:
    """The account's calls in ``[start, end]``, newest first.

    ``start``/``end`` are RFC 3339 timestamps or ``YYYY-MM-DD`` dates (a bare end date includes
    that whole day). Raises ``BadRequest`` for a bad time, ``start`` after ``end``, or a
    ``limit`` outside 1..500 (``None`` means 100).
    """
    limit = DEFAULT_LIMIT if limit is None else limit
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be an integer from 1 to {MAX_LIMIT}")
    conditions = _conditions(principal, start, end)
    if conditions is None:
        return UsageLogsView(count=0, logs=[])
    with session_scope(settings) as session:
        rows = session.exec(
            select(UsageLog)
            .where(*conditions)
            .order_by(col(UsageLog.created_at).desc(), col(UsageLog.id).desc())
            .limit(limit)
        ).all()
    logs = [
        UsageLogView(
            request_id=row.request_id,
            feature=row.feature,
            path=row.path,
            status_code=row.status_code,
            credits=credits_of(row.credits_milli),
            timestamp=rfc3339(row.created_at),
        )
        for row in rows
    ]
    return UsageLogsView(count=len(logs), logs=logs)


def usage_summary(
    principal: Principal,
    start: str | datetime | None = None,
    end: str | datetime | None = None,
    *,
    settings: Settings | None = None,
) -> UsageReportView:
    """Totals and per-feature totals over ``[start, end]``,
    features with the most credits first. Raises ``BadRequest`` like :func:`list_usage`."""
    conditions = _conditions(principal, start, end)
    by_feature: list[FeatureUsageView] = []
    if conditions is not None:
        credits = func.coalesce(func.sum(UsageLog.credits_milli), 0)
        requests = func.count(col(UsageLog.id))
        with session_scope(settings) as session:
            rows = session.exec(
                select(UsageLog.feature, credits, requests)
                .where(*conditions)
                .group_by(col(UsageLog.feature))
                .order_by(credits.desc(), col(UsageLog.feature))
            ).all()
        by_feature = [
            FeatureUsageView(feature=feature, credits=credits_of(int(milli)), requests=int(count))
            for feature, milli, count in rows
        ]
    summary = UsageSummaryView(
        total_credits=sum((item.credits for item in by_feature), credits_of(0)),
        total_requests=sum(item.requests for item in by_feature),
        by_feature=by_feature,
    )
    return UsageReportView(summary=summary)


def _conditions(
    principal: Principal, start: str | datetime | None, end: str | datetime | None
) -> list[ColumnElement[bool]] | None:
    """SQL filters of one account's finished calls in range; ``None`` when it owns nothing."""
    since = parse_time(start, "start_time")
    until = parse_time(end, "end_time", end=True)
    if since is not None and until is not None and since >= until:
        raise BadRequest("start_time must be before end_time")
    if principal.account_id is None:
        return None
    conditions: list[ColumnElement[bool]] = [
        col(UsageLog.account_id) == principal.account_id,
        col(UsageLog.status_code) != 0,
    ]
    if since is not None:
        conditions.append(col(UsageLog.created_at) >= since)
    if until is not None:
        conditions.append(col(UsageLog.created_at) < until)
    return conditions
