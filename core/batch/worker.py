"""A batch worker: consumes the Dramatiq queue on Redis and processes documents against the
database (and object store) of its settings.

Start one per machine or container (it runs ``--threads`` documents at a time, each in
an isolated process)::

    CASGATE_REDIS_URL=redis://redis:6379/0 \\
    CASGATE_DATABASE_URL=postgresql://casgate@db/casgate \\
    python -m core.batch.worker --threads 2

It stops gracefully on SIGTERM/SIGINT; a worker killed outright loses nothing (its documents
are redelivered after ``CASGATE_BATCH_REDELIVERY_SECONDS``).
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from typing import Any

import dramatiq
from dramatiq.middleware import CurrentMessage

from core.batch.heartbeat import Heartbeat
from core.batch.models import BatchItem
from core.batch.pool import document_pool, shutdown_document_pools
from core.batch.process import run_document
from core.batch.queue import ACTOR, QUEUE, get_broker, message_for
from core.batch.state import give_up
from core.db import session_scope
from core.errors import CasgateError
from core.logs import configure_logging, log_unexpected, request_id_scope
from core.ocr.run import shutdown_ocr_pool
from core.private_files import restrict_umask
from core.settings import Settings, get_settings
from core.stopping import stop_on_signals, wait_for_stop

log = logging.getLogger(__name__)


def declare_actor(settings: Settings) -> Any:
    """Register the document actor on the broker of ``settings``."""
    broker = get_broker(settings)
    if ACTOR in broker.actors:
        return broker.actors[ACTOR]

    def casgate_process_document(job_id: str, item_id: str) -> None:
        message = CurrentMessage.get_current_message()
        options = message.options if message else {}
        with request_id_scope(options.get("request_id")):
            retries = int(options.get("retries", 0))
            log.info("document %s of job %s: started (attempt %d)", item_id, job_id, retries + 1)
            started = time.monotonic()
            try:
                retry_after = run_document(item_id, settings, document_pool(settings))
                if retry_after is not None:  # another worker holds the lease: look when it ends
                    log.info(
                        "document %s of job %s: held by another worker, again in %.0f s",
                        item_id,
                        job_id,
                        retry_after,
                    )
                    broker.enqueue(message_for(job_id, item_id), delay=int(retry_after * 1000))
                else:
                    _log_outcome(settings, job_id, item_id, time.monotonic() - started)
            except Exception as exc:
                where = f"batch document {item_id} (attempt {retries + 1})"
                if isinstance(exc, CasgateError):  # from the pool, which logged its cause
                    log.warning("%s failed: %s", where, exc)
                else:
                    log_unexpected(log, where, exc)
                if retries < settings.batch_max_retries:
                    # Dramatiq retries with backoff; as a Retry, without logging it again
                    raise dramatiq.Retry(f"{type(exc).__name__}: {exc}") from exc
                give_up(settings, item_id)

    return dramatiq.actor(
        actor_name=ACTOR,
        queue_name=QUEUE,
        broker=broker,
        max_retries=settings.batch_max_retries,
        min_backoff=500,
        max_backoff=15_000,
    )(casgate_process_document)


def _log_outcome(settings: Settings, job_id: str, item_id: str, seconds: float) -> None:
    """One info line per document: how it ended (its error, never its content)."""
    with session_scope(settings) as session:
        item = session.get(BatchItem, item_id)
    if item is None:
        return
    reason = f": {item.error}" if item.error else ""
    log.info("document %s of job %s: %s in %.1f s%s", item_id, job_id, item.status, seconds, reason)


def run_worker(
    settings: Settings | None = None,
    *,
    threads: int | None = None,
    stop: threading.Event | None = None,
    metrics_port: int = 0,
) -> None:
    """Consume batch documents until ``stop`` is set (or SIGTERM/SIGINT in the main thread).
    With ``metrics_port``, serve this worker's Prometheus metrics there (on
    ``CASGATE_METRICS_HOST``): the pages, credits and worker kills of its documents."""
    settings = settings or get_settings()
    declare_actor(settings)
    if metrics_port:
        from prometheus_client import start_http_server

        from core.metrics import registry_for

        start_http_server(metrics_port, addr=settings.metrics_host, registry=registry_for(settings))
        log.info("metrics on http://%s:%d/metrics", settings.metrics_host, metrics_port)
    stop = stop or threading.Event()
    stop_on_signals(stop)
    worker = dramatiq.Worker(
        get_broker(settings),
        queues={QUEUE},
        worker_threads=threads or settings.parse_workers,
        worker_timeout=500,
    )
    worker.start()
    heartbeat = Heartbeat(settings, [QUEUE], worker.worker_threads).start()
    log.info(
        "batch worker %s started: queue %s on %s, %d thread(s), database %s",
        heartbeat.beat.worker_id,
        QUEUE,
        _redacted(settings.redis_url),
        worker.worker_threads,
        _redacted(settings.resolved_database_url()),
    )
    try:
        wait_for_stop(stop)
    finally:
        log.info("batch worker %s stopping", heartbeat.beat.worker_id)
        heartbeat.stop()
        worker.stop()
        shutdown_document_pools()
        shutdown_ocr_pool()  # the pages its documents had read


def _redacted(url: str) -> str:
    """A URL without its password, for the logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy reads: say only its scheme
        return url.split("://", 1)[0] + "://…"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="casgate batch worker (Dramatiq on Redis)")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="documents processed at once (default: CASGATE_PARSE_WORKERS)",
    )
    parser.add_argument(
        "--metrics-port", type=int, default=0, help="serve Prometheus metrics here (0: off)"
    )
    args = parser.parse_args(argv)
    restrict_umask()
    configure_logging()
    run_worker(get_settings(), threads=args.threads, metrics_port=args.metrics_port)


if __name__ == "__main__":
    main()
