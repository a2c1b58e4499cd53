from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import col

from core.accounts.auth import authenticate
from core.accounts.credits import reserve, spend
from core.accounts.keys import create_key
from core.accounts.models import UsageLog
from core.accounts.principal import SANDBOX_API_KEY, Principal
from core.accounts.tokens import issue_access_token
from core.accounts.usage import list_usage, usage_summary
from core.accounts.views import UsageLogsView
from core.db import session_scope
from core.errors import BadRequest, NotFound
from core.settings import Settings


def _calls(settings: Settings, principal: Principal, *features: str, fail: bool = False) -> None:
    for i, feature in enumerate(features):
        try:
            with spend(
                principal, feature, request_id=f"req_{feature[:4]}{i:04d}",
                path=f"/v4/{feature}", settings=settings,
            ):  # fmt: skip
                if fail:
                    raise NotFound("Session not found")
        except NotFound:
            pass


def _backdate(settings: Settings, principal: Principal, when: datetime) -> None:
    with session_scope(settings) as session:
        session.execute(
            update(UsageLog)
            .where(col(UsageLog.account_id) == principal.account_id)
            .values(created_at=when)
        )


def test_list_usage(settings: Settings, principal: Principal) -> None:
    _calls(settings, principal, "cdsl_cas_parser", "contract_note_parser")
    _calls(settings, principal, "cdsl_otp_fetch", fail=True)

    body = list_usage(principal, settings=settings).model_dump(mode="json")
    assert body["count"] == 3
    assert [log["feature"] for log in body["logs"]] == [
        "cdsl_otp_fetch",
        "contract_note_parser",
        "cdsl_cas_parser",
    ]
    assert body["logs"][1]["request_id"] == "req_cont0001"
    by_feature = {log["feature"]: log for log in body["logs"]}
    assert by_feature["contract_note_parser"]["credits"] == 0.5
    assert by_feature["contract_note_parser"]["path"] == "/v4/contract_note_parser"
    assert by_feature["cdsl_otp_fetch"]["status_code"] == 404
    assert by_feature["cdsl_otp_fetch"]["credits"] == 0
    for log in body["logs"]:
        assert set(log) == {"request_id", "feature", "path", "status_code", "credits", "timestamp"}
        assert datetime.fromisoformat(log["timestamp"].replace("Z", "+00:00")).tzinfo is not None


def test_newest_first(settings: Settings, principal: Principal) -> None:
    _calls(settings, principal, "cdsl_cas_parser")
    _backdate(settings, principal, datetime(2026, 1, 1, tzinfo=UTC))
    _calls(settings, principal, "nsdl_cas_parser")
    assert [log.feature for log in list_usage(principal, settings=settings).logs] == [
        "nsdl_cas_parser",
        "cdsl_cas_parser",
    ]


def test_time_range(settings: Settings, principal: Principal) -> None:
    _calls(settings, principal, "cdsl_cas_parser", "nsdl_cas_parser")
    _backdate(settings, principal, datetime(2026, 3, 15, 10, 30, tzinfo=UTC))

    def count(start: str | None, end: str | None) -> int:
        return int(list_usage(principal, start, end, settings=settings).count)

    assert count("2026-03-15", "2026-03-15") == 2  # a bare end date includes its whole day
    assert count("2026-03-15T10:30:00Z", "2026-03-15T10:30:00Z") == 2  # exact bounds included
    assert count("2026-03-16", None) == 0
    assert count(None, "2026-03-14") == 0
    assert count("2026-03-15T10:30:01+00:00", None) == 0
    assert count("2026-03-15T16:00:00+05:30", None) == 2  # 10:30 UTC
    assert usage_summary(principal, "2026-03-16", None, settings=settings).summary.model_dump(
        mode="json"
    ) == {
        "total_credits": 0,
        "total_requests": 0,
        "by_feature": [],
    }


def test_default_limit(settings: Settings, principal: Principal) -> None:
    _calls(settings, principal, *["email_import"] * 3)
    assert list_usage(principal, limit=None, settings=settings).count == 3


def test_zero_is_out_of_range(settings: Settings, principal: Principal) -> None:
    with pytest.raises(BadRequest, match="limit"):
        list_usage(principal, limit=0, settings=settings)


def test_limit(settings: Settings) -> None:
    _, plaintext = create_key("many", 0, unlimited=True, settings=settings)
    principal = authenticate(plaintext, None, settings=settings)
    _calls(settings, principal, *["email_import"] * 7)
    assert list_usage(principal, limit=5, settings=settings).count == 5
    assert list_usage(principal, limit=1, settings=settings).count == 1
    assert list_usage(principal, limit=500, settings=settings).count == 7


@pytest.mark.parametrize(
    ("start", "end", "limit"),
    [(None, None, 501), (None, None, -1), ("yesterday", None, 100),
     ("2026-03-02", "2026-03-01", 100)],
)  # fmt: skip
def test_bad_requests(
    settings: Settings, principal: Principal, start: str | None, end: str | None, limit: int
) -> None:
    with pytest.raises(BadRequest):
        list_usage(principal, start, end, limit, settings=settings)


def test_summary_by_feature(settings: Settings, principal: Principal) -> None:
    _calls(settings, principal, "cdsl_cas_parser", "cdsl_cas_parser", "contract_note_parser")
    _calls(settings, principal, "email_import", fail=True)

    body = usage_summary(principal, settings=settings).model_dump(mode="json")
    assert body["summary"] == {
        "total_credits": 2.5,
        "total_requests": 4,
        "by_feature": [
            {"feature": "cdsl_cas_parser", "credits": 2.0, "requests": 2},
            {"feature": "contract_note_parser", "credits": 0.5, "requests": 1},
            {"feature": "email_import", "credits": 0.0, "requests": 1},
        ],
    }


def test_other_accounts_and_calls_in_flight_are_not_shown(
    settings: Settings, principal: Principal
) -> None:
    _, other_plaintext = create_key("other", 10, settings=settings)
    other = authenticate(other_plaintext, None, settings=settings)
    _calls(settings, other, "cdsl_cas_parser")
    reserve(principal, "nsdl_cas_parser", settings=settings)  # still running

    assert list_usage(principal, settings=settings).count == 0
    assert usage_summary(principal, settings=settings).summary.total_requests == 0
    assert list_usage(other, settings=settings).count == 1


def test_access_token_spends_and_sees_the_same_account(
    settings: Settings, principal: Principal
) -> None:
    token = issue_access_token(principal, settings=settings).access_token
    via_token = authenticate(token, None, settings=settings)
    _calls(settings, via_token, "cdsl_cas_parser")
    assert list_usage(principal, settings=settings).count == 1
    assert list_usage(via_token, settings=settings).count == 1


def test_sandbox_has_no_usage(settings: Settings) -> None:
    sandbox = authenticate(SANDBOX_API_KEY, None, settings=settings)
    assert list_usage(sandbox, settings=settings) == UsageLogsView(count=0, logs=[])
    assert usage_summary(sandbox, settings=settings).summary.total_requests == 0


def test_range_spanning_backdated_rows(settings: Settings, principal: Principal) -> None:
    _calls(settings, principal, "cdsl_cas_parser")
    _backdate(settings, principal, datetime.now(UTC) - timedelta(days=40))
    _calls(settings, principal, "nsdl_cas_parser")
    recent = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    assert [log.feature for log in list_usage(principal, recent, settings=settings).logs] == [
        "nsdl_cas_parser"
    ]
