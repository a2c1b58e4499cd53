"""A webhook delivery worker: consumes the Dramatiq webhook queue on Redis and delivers what
is due in the outbox of its database::

    CASGATE_WEBHOOK_EXECUTOR=dramatiq CASGATE_REDIS_URL=redis://redis:6379/0 \\
    CASGATE_DATABASE_URL=postgresql://casgate@db/casgate python -m core.webhooks.worker

Any number may run; a worker killed mid-delivery loses nothing (the row's lease runs out and
another worker sends it again; receivers de-duplicate on ``webhook-id``). On SIGTERM or SIGINT
a worker finishes the attempts in flight, claims nothing more and exits 0. A drain still
running when the claims it holds have run out (attempt timeout + lease: by then another worker
may send them, so waiting longer gains nothing) is logged with where it was stuck, and the
worker exits 1.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import traceback
from typing import Any

import dramatiq

from core.logs import configure_logging
from core.private_files import restrict_umask
from core.settings import Settings, get_settings
from core.stopping import stop_on_signals, wait_for_stop
from core.webhooks.claims import lease_seconds
from core.webhooks.queue import QUEUE, declare_actor, webhook_broker

log = logging.getLogger(__name__)


def run_worker(
    settings: Settings | None = None, *, threads: int = 2, stop: threading.Event | None = None
) -> bool:
    """Consume drain messages until ``stop`` is set (or SIGTERM/SIGINT in the main thread);
    whether every drain then finished within its grace."""
    settings = settings or get_settings()
    stop = stop or threading.Event()
    declare_actor(settings, stopping=stop)
    stop_on_signals(stop)
    worker = dramatiq.Worker(
        webhook_broker(settings), queues={QUEUE}, worker_threads=threads, worker_timeout=500
    )
    worker.start()
    log.info("webhook worker started (%d threads)", threads)
    try:
        wait_for_stop(stop)
    finally:
        stop.set()
        finished = stop_worker(worker, grace_seconds=lease_seconds(settings))
    return finished


def stop_worker(worker: Any, grace_seconds: float) -> bool:
    """Let the drains in progress finish for at most ``grace_seconds``; whether all did. One
    that did not is logged with the stack it was stuck in."""
    worker.stop(timeout=int(grace_seconds * 1000))
    frames = sys._current_frames()
    stuck = [thread for thread in worker.workers if thread.is_alive()]
    for thread in stuck:
        frame = frames.get(thread.ident or 0)
        where = "".join(traceback.format_stack(frame)) if frame is not None else "(no stack)"
        log.error(
            "a webhook drain still ran %.0f s after the stop; its deliveries go to another "
            "worker as their leases run out. It was at:\n%s",
            grace_seconds,
            where,
        )
    return not stuck


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="casgate webhook delivery worker (Dramatiq)")
    parser.add_argument("--threads", type=int, default=2, help="drains run at once")
    args = parser.parse_args(argv)
    restrict_umask()
    configure_logging()
    if not run_worker(get_settings(), threads=args.threads):
        logging.shutdown()
        os._exit(1)  # a stuck drain's threads would keep the interpreter from exiting


if __name__ == "__main__":
    main()
