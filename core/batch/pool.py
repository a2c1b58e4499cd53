"""The worker processes batch documents run in, database work included (see
:func:`core.batch.process.run_document`); separate from the interactive parse pool so a
batch never delays a parse, and warmed up before their first document.

A pool is shared by every configuration with the same worker parameters: each job carries
its own settings into the worker (its database, folders, options), so nothing else about a
configuration reaches the processes. A worker opens a database's connections at its first
job there (a few milliseconds) and keeps them in its per-URL engine (:func:`core.db.get_engine`).
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from core.isolation import WorkerPool
from core.settings import Settings


class PoolKey(NamedTuple):
    """What a pool's processes and their parent depend on; settings that agree on it share
    one pool."""

    workers: int
    memory_mb: int
    timeout_seconds: float
    ceiling_mb: int

    @classmethod
    def of(cls, settings: Settings) -> PoolKey:
        return cls(
            settings.parse_workers,
            settings.parse_memory_mb,
            settings.parse_timeout_seconds,
            settings.ocr_fallback_memory_mb,  # a scan's EasyOCR fallback
        )


_pools: dict[PoolKey, WorkerPool] = {}
_lock = threading.Lock()


def document_pool(settings: Settings) -> WorkerPool:
    """This process's pool for ``settings``' worker parameters."""
    key = PoolKey.of(settings)
    with _lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = WorkerPool(
                key.workers,
                key.memory_mb,
                key.timeout_seconds,
                warm_up=warm_up,
                name="batch",
                ceiling_mb=key.ceiling_mb,
                work="Processing the document",
            )
        return pool


def warm_up() -> None:
    """In a new worker: import the batch machinery and both database drivers (psycopg alone
    takes ~0.15 s), and set up the ORM; what is left for a first job is its connection."""
    import sqlite3  # noqa: F401

    import psycopg  # noqa: F401
    from sqlalchemy.orm import configure_mappers

    import core.batch.process  # noqa: F401

    configure_mappers()


def shutdown_document_pools(keep: Settings | None = None) -> None:
    """Stop the pools' processes; with ``keep``, all but the pool of those settings (tests: the
    next test's warm workers stay, the pool of a test's own limits goes)."""
    kept = None if keep is None else PoolKey.of(keep)
    with _lock:
        pools = [_pools.pop(key) for key in list(_pools) if key != kept]
    for pool in pools:
        pool.close()
