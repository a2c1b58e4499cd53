"""Prometheus metrics of a casgate process (``prometheus-client``).

Counters and histograms live in this process's default registry. Code running in an isolated
worker process (a parse or a batch document, see ``core.isolation``) calls the same helpers:
there the increment travels to the parent over the worker's pipe (:func:`apply_note`), so the
process that serves ``/metrics`` counts what its workers did.

Gauges of shared state (queued batch documents, running jobs, live Dramatiq workers) are read
from the database and Redis when scraped (:class:`StateCollector`), so every process reports
the same numbers.

To count something new, declare it here and increment it where it happens, e.g. a webhook
delivery::

    from core import metrics
    metrics.WEBHOOK_DELIVERIES.labels(outcome="delivered").inc()   # or "failed", "retried"
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from .settings import Settings

log = logging.getLogger(__name__)

REQUESTS = Counter(
    "casgate_requests",
    "API calls answered, by method (gRPC name) and status (the REST status code).",
    ["method", "status"],
)
REQUEST_SECONDS = Histogram(
    "casgate_request_duration_seconds",
    "Time to answer an API call (an event stream: until it ends), by method.",
    ["method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
PAGES_PARSED = Counter(
    "casgate_parsed_pages",
    "Pages of PDFs parsed successfully, by origin (api: a parse call; batch: a batch document).",
    ["origin"],
)
DOCUMENTS_PARSED = Counter(
    "casgate_parsed_documents",
    "Documents parsed, by origin and outcome (ok or failed).",
    ["origin", "outcome"],
)
CREDITS_SPENT = Counter(
    "casgate_credits_spent",
    "Credits spent by successful metered calls, by feature.",
    ["feature"],
)
WORKER_RESTARTS = Counter(
    "casgate_worker_restarts",
    "Isolated worker processes started to replace one that was killed or died, by pool.",
    ["pool"],
)
WORKER_JOBS = Counter(
    "casgate_worker_jobs",
    "Jobs handed to isolated worker processes, by pool (parse, batch: a document, ocr: a page).",
    ["pool"],
)
WORKER_KILLS = Counter(
    "casgate_worker_kills",
    "Isolated worker processes lost mid-job, by pool and reason (deadline: stopped by casgate "
    "past its time limit; died: its memory cap, a crash or a kill from outside).",
    ["pool", "reason"],
)
#: webhook deliveries, by outcome (delivered, failed, retried); incremented by the webhook
#: sender once it exists
WEBHOOK_DELIVERIES = Counter(
    "casgate_webhook_deliveries",
    "Webhook deliveries attempted, by outcome (delivered, failed, retried).",
    ["outcome"],
)

_BY_NAME: dict[str, Counter] = {
    metric._name: metric
    for metric in (
        PAGES_PARSED,
        DOCUMENTS_PARSED,
        CREDITS_SPENT,
        WORKER_RESTARTS,
        WORKER_JOBS,
        WORKER_KILLS,
        WEBHOOK_DELIVERIES,
    )
}


@dataclass(frozen=True)
class CounterNote:
    """An increment made in a worker process, for its parent to apply."""

    name: str
    labels: tuple[str, ...]
    amount: float


def increment(counter: Counter, *labels: str, amount: float = 1.0) -> None:
    """Add ``amount`` to ``counter``: here, or in the parent when this is a worker process."""
    from .isolation import notify_parent  # isolation imports this module

    if amount <= 0:
        return
    note = CounterNote(counter._name, labels, amount)
    if not notify_parent(note):
        apply_note(note)


def apply_note(note: Any) -> bool:
    """Apply ``note`` when it is a :class:`CounterNote` (``True``), else leave it (``False``)."""
    if not isinstance(note, CounterNote) or note.name not in _BY_NAME:
        return False
    _BY_NAME[note.name].labels(*note.labels).inc(note.amount)
    return True


class StateCollector(Collector):
    """Gauges read from the shared state when scraped: batch documents queued, jobs running,
    and (Dramatiq) batch workers alive by their heartbeats."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def collect(self) -> Iterator[Metric]:
        try:
            queued, running = _batch_counts(self.settings)
        except Exception as error:  # a scrape must answer even with the database down
            log.warning("metrics: batch counts unavailable: %s", error)
        else:
            yield GaugeMetricFamily(
                "casgate_batch_documents_queued",
                "Batch documents waiting for a worker (the queue's depth).",
                value=queued,
            )
            yield GaugeMetricFamily(
                "casgate_batch_jobs_running",
                "Batch jobs queued, running or being cancelled (not paused or finished).",
                value=running,
            )
        if self.settings.batch_executor == "dramatiq" and self.settings.redis_url:
            from .batch.heartbeat import alive_workers

            try:
                alive = len(alive_workers(self.settings))
            except Exception as error:
                log.warning("metrics: worker heartbeats unavailable: %s", error)
            else:
                yield GaugeMetricFamily(
                    "casgate_batch_workers_alive",
                    "Dramatiq batch workers whose heartbeat is fresh.",
                    value=alive,
                )


def _batch_counts(settings: Settings) -> tuple[int, int]:
    from sqlalchemy import func
    from sqlmodel import col, select

    from .batch.models import BatchItem, BatchJob, ItemStatus, JobStatus
    from .db import session_scope

    active = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELLING)
    with session_scope(settings) as session:
        queued = session.exec(
            select(func.count()).where(col(BatchItem.status) == ItemStatus.QUEUED)
        ).one()
        running = session.exec(select(func.count()).where(col(BatchJob.status).in_(active))).one()
    return int(queued), int(running)


class _Everything(Collector):
    """This process's counters and histograms, then the shared state of ``settings``."""

    def __init__(self, settings: Settings) -> None:
        self.state = StateCollector(settings)

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()
        yield from self.state.collect()


def registry_for(settings: Settings) -> CollectorRegistry:
    """What one server exposes: the process's metrics and the state of its database."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Everything(settings))
    return registry
