"""Claiming under concurrency: workers racing for the same due deliveries never take one
twice, and every one is taken (SKIP LOCKED on PostgreSQL, the claim-by-update on SQLite); a
claim whose lease ran out (its worker died) is taken again, and the dead worker's late
outcome is dropped."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from core.accounts.principal import Principal
from core.db import utcnow
from core.settings import Settings
from core.webhooks.claims import AttemptResult, Claimed, claim_due, record_attempt
from core.webhooks.models import DeliveryStatus

from .helpers import create, emit, outbox_rows
from .receiver import Receiver

EVENTS = 120
WORKERS = 6


def _claim_all(settings: Settings, start: threading.Barrier) -> list[Claimed]:
    start.wait()  # every worker begins at once
    taken: list[Claimed] = []
    while batch := claim_due(settings, 7):
        taken.extend(batch)
    return taken


def _mine(principal: Principal, claimed: list[Claimed]) -> list[Claimed]:
    return [one for one in claimed if one.account_id == principal.account_id]


def test_racing_workers_never_take_a_delivery_twice(
    settings: Settings, principal: Principal, receiver: Receiver
) -> None:
    create(settings, principal, receiver.url)
    for number in range(EVENTS):
        emit(settings, principal, f"job-{number}")
    start = threading.Barrier(WORKERS)
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda _: _claim_all(settings, start), range(WORKERS)))
    mine = [
        [claimed for claimed in taken if claimed.account_id == principal.account_id]
        for taken in results
    ]  # (the database is shared with other tests, whose leftovers may be due too)
    ids = [claimed.delivery_id for taken in mine for claimed in taken]
    assert len(ids) == EVENTS and len(set(ids)) == EVENTS
    rows = outbox_rows(settings, principal.account_id or "")
    assert {row.status for row in rows} == {DeliveryStatus.DELIVERING}
    assert {row.attempts for row in rows} == {1}
    for taken in results:
        for claimed in taken:
            record_attempt(settings, claimed, AttemptResult(utcnow(), 204, 1.0))


def test_an_expired_lease_is_claimed_again(
    settings: Settings, principal: Principal, receiver: Receiver
) -> None:
    create(settings, principal, receiver.url)
    emit(settings, principal, "job-lease")
    (dead,) = _mine(principal, claim_due(settings, 1000))
    assert _mine(principal, claim_due(settings, 1000)) == []  # leased: nobody else takes it
    time.sleep(settings.webhook_timeout_seconds + settings.webhook_lease_seconds + 0.2)
    (again,) = _mine(principal, claim_due(settings, 1000))
    assert again.delivery_id == dead.delivery_id
    assert (again.attempt, again.claim != dead.claim) == (2, True)
    late = AttemptResult(utcnow(), 200, 1.0)
    assert record_attempt(settings, dead, late) == DeliveryStatus.DELIVERING  # dropped
    assert record_attempt(settings, again, late) == DeliveryStatus.SUCCEEDED
