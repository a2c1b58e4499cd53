"""How a worker process (batch or webhook) waits to be told to stop."""

from __future__ import annotations

import signal
import threading


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT set ``stop`` (only the main thread may install handlers; a worker
    run in another thread, as tests do, is stopped by setting the event)."""
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())


def wait_for_stop(stop: threading.Event) -> None:
    """Block until ``stop`` is set. The wait is timed because Python runs a signal's handler
    only when the main thread is between instructions, and an untimed lock wait whose thread
    did not itself receive the signal is never woken."""
    while not stop.wait(1.0):
        pass
