"""Embedded execution: documents run on a small thread pool of this process, each thread
handing its document, database work included, to a process of the isolated parse pool
(:mod:`core.isolation`); the event loop never parses, and this process only relays wake-ups."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from core.batch.events import relay
from core.batch.pool import document_pool, shutdown_document_pools
from core.batch.process import run_document
from core.batch.state import give_up
from core.logs import current_request_id, log_unexpected, request_id_scope
from core.settings import Settings

log = logging.getLogger(__name__)


class LocalRunner:
    """Runs documents in ``settings.parse_workers`` threads; retries unexpected errors.

    Each document carries the request id of the call that submitted it into its thread."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._executor = ThreadPoolExecutor(
            max_workers=max(1, settings.parse_workers), thread_name_prefix="casgate-batch"
        )
        self._timers: set[threading.Timer] = set()
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, item_ids: list[str]) -> None:
        request_id = current_request_id()
        for item_id in item_ids:
            self._submit(item_id, 0, request_id)

    def _submit(self, item_id: str, attempt: int, request_id: str) -> None:
        with self._lock:
            if not self._closed:
                self._executor.submit(self._run, item_id, attempt, request_id)

    def _later(self, delay: float, item_id: str, attempt: int, request_id: str) -> None:
        timer = threading.Timer(delay, self._fire, (item_id, attempt, request_id))
        timer.daemon = True
        with self._lock:
            if self._closed:
                return
            self._timers.add(timer)
        timer.start()

    def _fire(self, item_id: str, attempt: int, request_id: str) -> None:
        with self._lock:
            self._timers = {t for t in self._timers if t.is_alive()}
        self._submit(item_id, attempt, request_id)

    def _run(self, item_id: str, attempt: int, request_id: str) -> None:
        with request_id_scope(request_id):
            try:
                retry_after = run_document(
                    item_id, self.settings, document_pool(self.settings), on_note=relay
                )
                if retry_after is not None:  # another worker holds the document's lease
                    self._later(retry_after, item_id, attempt, request_id)
            except Exception as exc:
                log_unexpected(log, f"batch document {item_id} (attempt {attempt + 1})", exc)
                if attempt < self.settings.batch_max_retries:
                    self._later(min(2.0**attempt, 30.0), item_id, attempt + 1, request_id)
                else:
                    give_up(self.settings, item_id)

    def close(self, wait: bool = True) -> None:
        with self._lock:
            self._closed = True
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()
        self._executor.shutdown(wait=wait, cancel_futures=True)


_runners: dict[str, LocalRunner] = {}
_runners_lock = threading.Lock()


def get_runner(settings: Settings) -> LocalRunner:
    """The runner of this process for ``settings`` (one per distinct configuration)."""
    key = settings.model_dump_json()
    with _runners_lock:
        runner = _runners.get(key)
        if runner is None:
            runner = _runners[key] = LocalRunner(settings)
        return runner


def stop_runners(wait: bool = True) -> None:
    """Stop every embedded runner, leaving the document pools' warm workers for the next
    (tests: one configuration each, the same processes). Unfinished documents stay in the
    database and continue after :func:`core.batch.resume_active_jobs`."""
    with _runners_lock:
        runners = list(_runners.values())
        _runners.clear()
    for runner in runners:
        runner.close(wait=wait)


def shutdown_runners(wait: bool = True) -> None:
    """Stop every embedded runner and the document pools' processes (server shutdown)."""
    stop_runners(wait=wait)
    shutdown_document_pools()
