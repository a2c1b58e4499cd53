"""Wake the delivery workers of this process as soon as new deliveries are committed.

A waker is a thread-safe callable registered by a running dispatcher (the server's in-process
loop, or the Dramatiq nudge). Waking is only a shortcut: every worker also polls the outbox,
so a process without a waker (a batch worker) loses nothing, its events just wait for the poll.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

log = logging.getLogger(__name__)

Waker = Callable[[], None]

_wakers: list[Waker] = []
_lock = threading.Lock()
_FLAG = "casgate_webhooks_wake"


def add_waker(waker: Waker) -> None:
    with _lock:
        _wakers.append(waker)


def remove_waker(waker: Waker) -> None:
    with _lock:
        if waker in _wakers:
            _wakers.remove(waker)


def wake_all() -> None:
    with _lock:
        wakers = list(_wakers)
    for waker in wakers:
        try:
            waker()
        except Exception:  # a nudge that fails leaves the row to the next poll
            log.warning("waking a webhook dispatcher failed", exc_info=True)


def _after_commit(_session: Any) -> None:
    wake_all()


def wake_after_commit(session: Session) -> None:
    """Wake the workers once ``session``'s transaction commits (never before: the rows would
    not be visible yet; never after a rollback: there is nothing to send)."""
    if not session.info.get(_FLAG):
        session.info[_FLAG] = True
        event.listen(session, "after_commit", _after_commit)
