"""Logging that names the request: every record carries the id of the call it belongs to.

The server sets the id when a call begins; work handed elsewhere (a batch thread, a Dramatiq
message) takes the id along and restores it with :func:`request_id_scope`. Unexpected errors are
logged by type, message and traceback only: never a job's arguments (file bytes, passwords).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: what records show when no call is running (start-up, a resumed batch)
NO_REQUEST = "-"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

_request_id: ContextVar[str] = ContextVar("casgate_request_id", default=NO_REQUEST)


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(request_id: str) -> None:
    """Make ``request_id`` the id of this task (each RPC runs in a task of its own)."""
    _request_id.set(request_id)


@contextmanager
def request_id_scope(request_id: str | None) -> Iterator[None]:
    """Run the block under ``request_id`` (work carried to another thread or process)."""
    token = _request_id.set(request_id or NO_REQUEST)
    try:
        yield
    finally:
        _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Stamps ``record.request_id`` from the running call (a record that has one keeps it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr with the request id on every line (the entry points call this once)."""
    logging.basicConfig(level=level, format=FORMAT)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
            handler.addFilter(RequestIdFilter())


def log_unexpected(log: logging.Logger, where: str, error: BaseException) -> None:
    """An error nobody expected: its type, message and traceback, under the request id."""
    log.error(
        "unexpected %s in %s: %s",
        type(error).__name__,
        where,
        error,
        exc_info=(type(error), error, error.__traceback__),
    )
