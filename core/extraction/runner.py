"""How a job runs whatever its mode: as a task of the server's event loop, paid for by a
reservation of credits taken before it was queued (a 402 comes at once) and kept only if it
succeeds.

``response`` mode waits for the task up to ``extraction_response_seconds``; past that the
caller gets a 504 while the task goes on, saves its result and fires its event. ``callback``
mode does not wait at all.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from core.accounts.credits import Charge, settle
from core.errors import CasgateError, InternalError, ProcessingTimeout
from core.extraction.jobs import mark_running, save_outcome
from core.extraction.models import Mode
from core.settings import Settings

log = logging.getLogger(__name__)

Work = Callable[[], Awaitable[dict[str, Any]]]

#: jobs in flight (a task only weakly referenced by the loop could be collected mid-run)
_running: set[asyncio.Task[Outcome]] = set()


@dataclass(frozen=True)
class Outcome:
    result: dict[str, Any] | None = None
    error: CasgateError | None = None


async def _execute(settings: Settings, job_id: str, work: Work, charge: Charge) -> Outcome:
    await asyncio.to_thread(mark_running, settings, job_id)
    try:
        outcome = Outcome(result=await work())
    except CasgateError as exc:
        outcome = Outcome(error=exc)
    except Exception:
        log.exception("extraction job %s failed unexpectedly", job_id)
        outcome = Outcome(error=InternalError("The document could not be processed."))
    # shielded: a finished job is saved and settled even if the server is stopping
    await asyncio.shield(
        asyncio.to_thread(
            save_outcome, settings, job_id, result=outcome.result, error=outcome.error
        )
    )
    await asyncio.shield(asyncio.to_thread(settle, charge, error=outcome.error, settings=settings))
    return outcome


async def run_job(
    settings: Settings, job_id: str, mode: Mode, work: Work, charge: Charge
) -> dict[str, Any] | None:
    """Start the job; in response mode its result (or its error raised), else ``None``."""
    task = asyncio.create_task(_execute(settings, job_id, work, charge), name=f"job-{job_id}")
    _running.add(task)
    task.add_done_callback(_running.discard)
    if mode is Mode.CALLBACK:
        return None
    try:
        outcome = await asyncio.wait_for(
            asyncio.shield(task), timeout=settings.extraction_response_seconds
        )
    except TimeoutError:
        raise ProcessingTimeout(
            f"Processing took longer than {settings.extraction_response_seconds:g} seconds; "
            f"job {job_id} goes on: GET /v1/jobs/{job_id} gives its result, and its webhook "
            "fires when it ends."
        ) from None
    if outcome.error is not None:
        raise outcome.error
    return outcome.result


async def drain(grace: float) -> None:
    """Let running jobs finish for ``grace`` seconds, then cancel the rest (the next start
    fails them as interrupted)."""
    loop = asyncio.get_running_loop()
    tasks = [task for task in _running if task.get_loop() is loop]
    if not tasks:
        return
    _done, pending = await asyncio.wait(tasks, timeout=grace)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
