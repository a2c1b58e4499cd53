"""The worker processes batch documents run in, database work included (see
:func:`core.batch.process.run_document`); separate from the interactive parse pool so a
batch never delays a parse, and warmed up before their first document."""

from __future__ import annotations

import threading

from core.isolation import WorkerPool
from core.settings import Settings

_pools: dict[str, WorkerPool] = {}
_lock = threading.Lock()


def document_pool(settings: Settings) -> WorkerPool:
    """This process's pool for ``settings`` (one per distinct configuration: its workers
    connect to the configured database)."""
    key = settings.model_dump_json()
    with _lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = WorkerPool(
                settings.parse_workers,
                settings.parse_memory_mb,
                settings.parse_timeout_seconds,
                warm_up=warm_up,
                warm_args=(settings,),
                name="batch",
                ceiling_mb=settings.ocr_fallback_memory_mb,  # a scan's EasyOCR fallback
            )
        return pool


def warm_up(settings: Settings) -> None:
    """In a new worker: import the batch machinery, set up the ORM and open a connection."""
    from sqlalchemy.orm import configure_mappers

    import core.batch.process  # noqa: F401
    from core.db import get_engine

    configure_mappers()
    with get_engine(settings).connect():
        pass


def shutdown_document_pools() -> None:
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()
