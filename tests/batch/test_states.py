"""Job, document and event states are StrEnums stored as their plain values: rows read back as
members, queries and comparisons take members or strings, and a value outside the enum is
refused before it reaches the table."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlmodel import col, select

from core.batch.events import TERMINAL_EVENTS, add_event, events_after
from core.batch.models import (
    JOB_ACTIVE,
    BatchItem,
    BatchJob,
    EventType,
    ItemStatus,
    JobStatus,
)
from core.db import session_scope
from core.settings import Settings
from tests.batch.conftest import Account


def _job(settings: Settings, account: Account, status: JobStatus | str) -> str:
    job = BatchJob(
        account_id=account.principal.account_id,
        status=status,  # type: ignore[arg-type]
        principal_kind="api_key",
        total=1,
    )
    with session_scope(settings) as session:
        session.add(job)
        session.flush()
        session.add(
            BatchItem(
                account_id=job.account_id,
                job_id=job.id,
                position=0,
                source="a.pdf",
                kind="path",
                ref="a.pdf",
            )
        )
    return job.id


def _jobs_of(settings: Settings, account: Account, *where: Any) -> list[str]:
    query = select(BatchJob.id).where(BatchJob.account_id == account.principal.account_id, *where)
    with session_scope(settings) as session:
        return list(session.exec(query).all())


def test_states_read_back_as_members_and_are_stored_as_their_values(
    settings: Settings, account: Account
) -> None:
    job_id = _job(settings, account, JobStatus.CANCELLING)
    with session_scope(settings) as session:
        job = session.get(BatchJob, job_id)
        item = session.exec(select(BatchItem).where(BatchItem.job_id == job_id)).one()
        raw = session.execute(
            text("SELECT status FROM batch_job WHERE id = :id"), {"id": job_id}
        ).scalar_one()
    assert job is not None and job.status is JobStatus.CANCELLING
    assert item.status is ItemStatus.QUEUED  # the column's default
    assert raw == "cancelling" and type(raw) is str  # the value, not the member's name
    assert job.status == "cancelling"  # plain strings still compare equal


def test_a_plain_string_of_a_known_state_is_accepted(settings: Settings, account: Account) -> None:
    job_id = _job(settings, account, "paused")
    with session_scope(settings) as session:
        job = session.get(BatchJob, job_id)
    assert job is not None and job.status is JobStatus.PAUSED


def test_an_unknown_state_is_refused_and_nothing_is_written(
    settings: Settings, account: Account
) -> None:
    with pytest.raises(StatementError):
        _job(settings, account, "finished")
    assert _jobs_of(settings, account) == []


def test_queries_filter_by_members(settings: Settings, account: Account) -> None:
    active = _job(settings, account, JobStatus.RUNNING)
    _job(settings, account, JobStatus.COMPLETED)
    assert _jobs_of(settings, account, col(BatchJob.status).in_(JOB_ACTIVE)) == [active]


def test_events_carry_their_type_as_a_member_and_print_as_its_value(
    settings: Settings, account: Account
) -> None:
    job_id = _job(settings, account, JobStatus.RUNNING)
    with session_scope(settings) as session:
        added = add_event(session, job_id, EventType.DOCUMENT_FAILED, count="failed")
    assert added.status is JobStatus.RUNNING
    (event,) = events_after(settings, job_id, 0)
    assert event["type"] is EventType.DOCUMENT_FAILED
    assert f"{event['type']}" == "document_failed"


def test_every_terminal_job_state_has_its_event() -> None:
    assert set(TERMINAL_EVENTS) == {"cancelled", "completed", "failed"}
    assert all(isinstance(e, EventType) for e in TERMINAL_EVENTS)
