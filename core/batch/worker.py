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
import signal
import threading
from typing import Any

import dramatiq
from dramatiq.middleware import CurrentMessage

from core.batch.pool import document_pool, shutdown_document_pools
from core.batch.process import run_document
from core.batch.queue import ACTOR, QUEUE, get_broker, message_for
from core.batch.state import give_up
from core.logs import configure_logging, log_unexpected, request_id_scope
from core.private_files import restrict_umask
from core.settings import Settings, get_settings

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
            try:
                retry_after = run_document(item_id, settings, document_pool(settings))
                if retry_after is not None:  # another worker holds the lease: look when it ends
                    broker.enqueue(message_for(job_id, item_id), delay=int(retry_after * 1000))
            except Exception as exc:
                retries = int(options.get("retries", 0))
                log_unexpected(log, f"batch document {item_id} (attempt {retries + 1})", exc)
                if retries < settings.batch_max_retries:
                    raise  # Dramatiq retries with backoff
                give_up(settings, item_id)

    return dramatiq.actor(
        actor_name=ACTOR,
        queue_name=QUEUE,
        broker=broker,
        max_retries=settings.batch_max_retries,
        min_backoff=500,
        max_backoff=15_000,
    )(casgate_process_document)


def run_worker(
    settings: Settings | None = None,
    *,
    threads: int | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Consume batch documents until ``stop`` is set (or SIGTERM/SIGINT in the main thread)."""
    settings = settings or get_settings()
    declare_actor(settings)
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    worker = dramatiq.Worker(
        get_broker(settings),
        queues={QUEUE},
        worker_threads=threads or settings.parse_workers,
        worker_timeout=500,
    )
    worker.start()
    log.info("batch worker started (%d threads)", worker.worker_threads)
    try:
        stop.wait()
    finally:
        worker.stop()
        shutdown_document_pools()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="casgate batch worker (Dramatiq on Redis)")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="documents processed at once (default: CASGATE_PARSE_WORKERS)",
    )
    args = parser.parse_args(argv)
    restrict_umask()
    configure_logging()
    run_worker(get_settings(), threads=args.threads)


if __name__ == "__main__":
    main()
