"""The server's part in webhook delivery: the in-process delivery loop (``local``), or with
``dramatiq`` the scheduler that queues work for ``python -m core.webhooks.worker``."""

from __future__ import annotations

from core.settings import Settings
from core.webhooks.dispatcher import Dispatcher
from core.webhooks.queue import DrainScheduler

DeliveryRunner = Dispatcher | DrainScheduler

EXECUTORS = ("local", "dramatiq")


def start_webhook_delivery(settings: Settings) -> DeliveryRunner:
    if settings.webhook_executor not in EXECUTORS:
        raise ValueError(
            f"CASGATE_WEBHOOK_EXECUTOR must be one of {', '.join(EXECUTORS)}, "
            f"not {settings.webhook_executor!r}"
        )
    if settings.webhook_executor == "dramatiq":
        return DrainScheduler(settings).start()
    return Dispatcher(settings).start()


async def stop_webhook_delivery(runner: DeliveryRunner | None) -> None:
    if runner is not None:
        await runner.stop()
