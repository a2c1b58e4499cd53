"""Webhook deliveries are counted by outcome: a receiver answering 500 then 200 is one retry
and one delivery in ``casgate_webhook_deliveries_total``."""

from __future__ import annotations

from prometheus_client import REGISTRY

from core.accounts.principal import Principal
from core.settings import Settings
from tests.webhooks.conftest import (  # noqa: F401  (fixtures)
    DeliveryThread,
    _drop_webhooks,
    database_url,
    delivering,
    principal,
    settings,
)
from tests.webhooks.helpers import create, deliveries, emit, wait_until
from tests.webhooks.receiver import Receiver, Reply


def _count(outcome: str) -> float:
    return REGISTRY.get_sample_value("casgate_webhook_deliveries_total", {"outcome": outcome}) or 0


def test_retries_and_deliveries_are_counted(
    settings: Settings,  # noqa: F811
    principal: Principal,  # noqa: F811
    delivering: DeliveryThread,  # noqa: F811
) -> None:
    before = {outcome: _count(outcome) for outcome in ("retried", "delivered", "failed")}
    receiver = Receiver([Reply(500), Reply(200)]).start()
    try:
        hook = create(settings, principal, receiver.url)
        receiver.secrets = [hook.secret or ""]
        emit(settings, principal, "job-metrics")
        receiver.wait_for(2)
        wait_until(
            lambda: [d for d in deliveries(settings, principal, hook.id) if d.status == "succeeded"]
        )
    finally:
        receiver.stop()
    assert _count("retried") - before["retried"] == 1
    assert _count("delivered") - before["delivered"] == 1
    assert _count("failed") == before["failed"]
