"""Batch processing: jobs of many documents with live progress.

Transport-free: the gRPC servicers call these functions. The database is the source of
truth for jobs, documents and progress events; documents run in this process's parse pool
(``settings.batch_executor = "local"``) or on Dramatiq workers over Redis (``"dramatiq"``,
started with ``python -m core.batch.worker``).
"""

from core.batch.local_runner import shutdown_runners, stop_runners
from core.batch.service import (
    cancel,
    get_status,
    list_active,
    pause,
    process_sync,
    resume,
    resume_active_jobs,
    save_upload,
    start_batch,
    validate_paths,
)
from core.batch.sources import template_csv
from core.batch.watch import watch

__all__ = [
    "cancel",
    "get_status",
    "list_active",
    "pause",
    "process_sync",
    "resume",
    "resume_active_jobs",
    "save_upload",
    "shutdown_runners",
    "start_batch",
    "stop_runners",
    "template_csv",
    "validate_paths",
    "watch",
]
