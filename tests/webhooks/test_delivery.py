"""Deliveries from the outbox to a receiver on loopback, on SQLite and PostgreSQL: both
signature schemes verify, a 500 is retried, a 410 disables the endpoint until it is enabled
again, a receiver that sleeps past the timeout is retried, Retry-After is honoured, the last
failure is final, rotation signs with both secrets during the overlap, and the outbox commits
and rolls back with its caller."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest

from core import webhooks
from core.accounts.principal import Principal
from core.db import session_scope, utcnow
from core.errors import Conflict
from core.retention import purge_expired
from core.settings import Settings
from core.webhooks.outbox import record_event
from core.webhooks.views import DeliveryView

from .conftest import SCHEDULE, DeliveryThread
from .helpers import create, deliveries, emit, outbox_rows, wait_until
from .receiver import Receiver, Reply


def _settled(
    settings: Settings, principal: Principal, webhook_id: str, status: str
) -> list[DeliveryView]:
    return wait_until(
        lambda: [d for d in deliveries(settings, principal, webhook_id) if d.status == status]
    )


def test_a_delivery_is_signed_both_ways(
    settings: Settings, principal: Principal, receiver: Receiver, delivering: DeliveryThread
) -> None:
    hook = create(settings, principal, receiver.url)
    assert hook.secret and hook.secret.startswith("whsec_")
    receiver.secrets = [hook.secret]
    emit(settings, principal, "job-1")
    (got,) = receiver.wait_for(1)
    assert got.verified, got.headers
    assert got.hex_secret == hook.secret and got.standard_secrets == [hook.secret]
    body = got.json
    assert body["event"] == "extraction.completed"
    assert body["data"] == {"job_id": "job-1", "filename": "job-1.pdf", "result": {"pages": 1}}
    assert body["timestamp"].endswith("Z")
    (done,) = _settled(settings, principal, hook.id, "succeeded")
    assert done.message_id == got.headers["webhook-id"]
    assert (done.attempts, done.response_code) == (1, 200)
    assert [a.response_code for a in done.attempt_log] == [200]
    # a wrong secret verifies neither scheme
    receiver.secrets = ["whsec_" + "QUFB" * 11]
    emit(settings, principal, "job-2")
    second = receiver.wait_for(2)[1]
    assert second.hex_secret is None and second.standard_secrets == []


def test_500_then_200_is_retried_with_the_same_id_and_body(
    settings: Settings, principal: Principal, delivering: DeliveryThread
) -> None:
    receiver = Receiver([Reply(500), Reply(200)]).start()
    try:
        hook = create(settings, principal, receiver.url)
        receiver.secrets = [hook.secret or ""]
        emit(settings, principal, "job-retry")
        first, second = receiver.wait_for(2)
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        assert first.body == second.body
        assert first.verified and second.verified
        (done,) = _settled(settings, principal, hook.id, "succeeded")
        assert [a.response_code for a in done.attempt_log] == [500, 200]
        assert done.attempt_log[0].error == "the receiver answered HTTP 500"
        assert receiver.duplicates == 0
    finally:
        receiver.stop()


def test_every_attempt_failing_marks_the_delivery_failed(
    settings: Settings, principal: Principal, delivering: DeliveryThread
) -> None:
    receiver = Receiver([Reply(502)]).start()
    try:
        hook = create(settings, principal, receiver.url)
        emit(settings, principal, "job-fail")
        (failed,) = _settled(settings, principal, hook.id, "failed")
        assert failed.attempts == len(SCHEDULE) + 1
        assert [a.response_code for a in failed.attempt_log] == [502] * (len(SCHEDULE) + 1)
        assert failed.next_attempt_at is None
        assert len(receiver.received) == len(SCHEDULE) + 1
    finally:
        receiver.stop()


def test_410_disables_the_endpoint(
    settings: Settings, principal: Principal, delivering: DeliveryThread
) -> None:
    receiver = Receiver([Reply(410)]).start()
    try:
        hook = create(settings, principal, receiver.url)
        emit(settings, principal, "job-gone")
        (failed,) = _settled(settings, principal, hook.id, "failed")
        assert failed.attempts == 1 and failed.response_code == 410
        listed = asyncio.run(webhooks.get_webhook(principal, hook.id, settings=settings))
        assert listed.disabled and "410" in (listed.disabled_reason or "")
        emit(settings, principal, "job-after")  # a disabled endpoint gets nothing new
        assert len(outbox_rows(settings, principal.account_id or "")) == 1
        assert len(receiver.received) == 1
    finally:
        receiver.stop()


def test_a_webhook_disabled_by_410_can_be_enabled_again(
    settings: Settings, principal: Principal, delivering: DeliveryThread
) -> None:
    receiver = Receiver([Reply(410), Reply(200)]).start()
    try:
        hook = create(settings, principal, receiver.url)
        emit(settings, principal, "job-gone")
        (failed,) = _settled(settings, principal, hook.id, "failed")
        with pytest.raises(Conflict, match="enable it again"):
            asyncio.run(webhooks.redeliver(principal, hook.id, failed.id, settings=settings))

        enabled = asyncio.run(webhooks.enable_webhook(principal, hook.id, settings=settings))
        assert (enabled.id, enabled.disabled, enabled.disabled_reason) == (hook.id, False, None)
        again = asyncio.run(webhooks.get_webhook(principal, hook.id, settings=settings))
        assert not again.disabled and again.disabled_reason is None
        emit(settings, principal, "job-back")  # a new event reaches it again
        (done,) = _settled(settings, principal, hook.id, "succeeded")
        assert done.response_code == 200 and receiver.wait_for(2)[1].json["data"]["job_id"] == (
            "job-back"
        )
        replay = asyncio.run(webhooks.redeliver(principal, hook.id, failed.id, settings=settings))
        assert (replay.message_id, replay.status) == (failed.message_id, "pending")
        # enabling an enabled webhook changes nothing
        unchanged = asyncio.run(webhooks.enable_webhook(principal, hook.id, settings=settings))
        assert unchanged == enabled
    finally:
        receiver.stop()


def test_a_receiver_sleeping_past_the_timeout_is_retried(
    settings: Settings, principal: Principal, delivering: DeliveryThread
) -> None:
    slow = settings.webhook_timeout_seconds + 1.0
    receiver = Receiver([Reply(200, delay=slow), Reply(200)]).start()
    try:
        hook = create(settings, principal, receiver.url)
        emit(settings, principal, "job-slow")
        (done,) = _settled(settings, principal, hook.id, "succeeded")
        first, second = done.attempt_log
        assert first.response_code == 0 and "no answer within" in (first.error or "")
        assert second.response_code == 200
        # the first request did arrive: a receiver that de-duplicates sees it twice
        assert receiver.wait_for(2)[0].headers["webhook-id"] == done.message_id
    finally:
        receiver.stop()


def test_retry_after_is_honoured(
    settings: Settings, principal: Principal, delivering: DeliveryThread
) -> None:
    wait = 2
    receiver = Receiver([Reply(503, {"Retry-After": str(wait)}), Reply(200)]).start()
    try:
        hook = create(settings, principal, receiver.url)
        emit(settings, principal, "job-later")
        first, second = receiver.wait_for(2)
        # the schedule alone would have retried after 0.3 s
        assert second.at - first.at >= wait - 0.05
        (done,) = _settled(settings, principal, hook.id, "succeeded")
        assert [a.response_code for a in done.attempt_log] == [503, 200]
    finally:
        receiver.stop()


def test_rotation_signs_with_both_secrets_during_the_overlap(
    settings: Settings, principal: Principal, receiver: Receiver, delivering: DeliveryThread
) -> None:
    hook = create(settings, principal, receiver.url)
    old = hook.secret or ""
    rotated = asyncio.run(webhooks.rotate_secret(principal, hook.id, 600, settings=settings))
    new = rotated.secret or ""
    assert new.startswith("whsec_") and new != old
    assert rotated.previous_secret_expires_at is not None
    receiver.secrets = [new, old]
    emit(settings, principal, "job-overlap")
    (got,) = receiver.wait_for(1)
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    assert sorted(got.standard_secrets) == sorted([new, old])  # either secret verifies
    assert got.hex_secret == new
    assert receiver.secrets and got.headers["x-webhook-signature-previous"]
    # ending the overlap: only the newest secret signs
    newest = asyncio.run(webhooks.rotate_secret(principal, hook.id, 0, settings=settings)).secret
    receiver.secrets = [newest or "", new, old]
    emit(settings, principal, "job-after-overlap")
    second = receiver.wait_for(2)[1]
    assert second.standard_secrets == [newest] and second.hex_secret == newest
    assert "x-webhook-signature-previous" not in second.headers


def test_the_outbox_commits_and_rolls_back_with_its_caller(
    settings: Settings, principal: Principal, receiver: Receiver
) -> None:
    account = principal.account_id or ""
    hook = create(settings, principal, receiver.url, ["parse.completed", "batch.completed"])
    emit(settings, principal, "job-x", "extraction.completed")  # not subscribed: nothing
    assert outbox_rows(settings, account) == []
    with pytest.raises(RuntimeError), session_scope(settings) as session:
        record_event(session, account_id=account, event="parse.completed", data={"job_id": "a"})
        raise RuntimeError("the job's result failed to save")
    assert outbox_rows(settings, account) == []  # rolled back with it: never invented
    emit(settings, principal, "job-y", "batch.completed")
    (row,) = outbox_rows(settings, account)
    assert (row.endpoint_id, row.event, row.status) == (hook.id, "batch.completed", "pending")
    with pytest.raises(ValueError), session_scope(settings) as session:
        record_event(session, account_id=account, event="made.up", data={})


def test_redeliver_sends_the_same_message_again(
    settings: Settings, principal: Principal, receiver: Receiver, delivering: DeliveryThread
) -> None:
    hook = create(settings, principal, receiver.url)
    emit(settings, principal, "job-again")
    (done,) = _settled(settings, principal, hook.id, "succeeded")
    replay = asyncio.run(webhooks.redeliver(principal, hook.id, done.id, settings=settings))
    assert replay.id != done.id and replay.message_id == done.message_id
    first, second = receiver.wait_for(2)
    assert first.body == second.body
    assert receiver.duplicates == 1  # the receiver's de-duplication caught it
    wait_until(lambda: len(_settled(settings, principal, hook.id, "succeeded")) == 2)


def test_many_events_to_many_endpoints_arrive_once_each(
    settings: Settings, principal: Principal, delivering: DeliveryThread
) -> None:
    receivers = [Receiver().start() for _ in range(2)]
    try:
        for receiver in receivers:
            create(settings, principal, receiver.url)
        for number in range(30):
            emit(settings, principal, f"job-{number}")
        for receiver in receivers:
            assert len(receiver.wait_for_ids(30)) == 30
        time.sleep(0.3)  # give a duplicate the chance to show
        assert [r.duplicates for r in receivers] == [0, 0]
        assert [len(r.received) for r in receivers] == [30, 30]
        # one event: one webhook-id, the same at both endpoints
        assert receivers[0].seen_ids == receivers[1].seen_ids
    finally:
        for receiver in receivers:
            receiver.stop()


def test_the_retention_purge_removes_finished_deliveries(
    settings: Settings, principal: Principal, receiver: Receiver, delivering: DeliveryThread
) -> None:
    hook = create(settings, principal, receiver.url)
    emit(settings, principal, "job-old")
    _settled(settings, principal, hook.id, "succeeded")
    kept = settings.model_copy(update={"retention_days": 30})
    purge_expired(kept, now=utcnow() + timedelta(days=29))
    assert len(outbox_rows(settings, principal.account_id or "")) == 1
    purge_expired(kept, now=utcnow() + timedelta(days=31))
    assert outbox_rows(settings, principal.account_id or "") == []
