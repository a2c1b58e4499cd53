"""A webhook delivery worker: consumes the Dramatiq webhook queue on Redis and delivers what
is due in the outbox of its database::

    CASGATE_WEBHOOK_EXECUTOR=dramatiq CASGATE_REDIS_URL=redis://redis:6379/0 \\
    CASGATE_DATABASE_URL=postgresql://casgate@db/casgate python -m core.webhooks.worker

Any number may run; a worker killed mid-delivery loses nothing (the row's lease runs out and
another worker sends it again; receivers de-duplicate on ``webhook-id``).
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading

import dramatiq

from core.logs import configure_logging
from core.private_files import restrict_umask
from core.settings import Settings, get_settings
from core.webhooks.queue import QUEUE, declare_actor, webhook_broker

log = logging.getLogger(__name__)


def run_worker(
    settings: Settings | None = None, *, threads: int = 2, stop: threading.Event | None = None
) -> None:
    """Consume drain messages until ``stop`` is set (or SIGTERM/SIGINT in the main thread)."""
    settings = settings or get_settings()
    declare_actor(settings)
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    worker = dramatiq.Worker(
        webhook_broker(settings), queues={QUEUE}, worker_threads=threads, worker_timeout=500
    )
    worker.start()
    log.info("webhook worker started (%d threads)", threads)
    try:
        stop.wait()
    finally:
        worker.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="casgate webhook delivery worker (Dramatiq)")
    parser.add_argument("--threads", type=int, default=2, help="drains run at once")
    args = parser.parse_args(argv)
    restrict_umask()
    configure_logging()
    run_worker(get_settings(), threads=args.threads)


if __name__ == "__main__":
    main()
