"""Run parses in worker processes with an address-space limit and a wall-clock limit.

One hostile PDF must not stall or kill the server: each parse runs in a pool process capped by
``RLIMIT_AS``; past the deadline the worker is killed and replaced, and the caller gets
``ProcessingTimeout``. A job that runs out of memory, or a worker that crashes, answers
``BadRequest`` saying so; a worker killed from outside (the OOM killer, an operator) or exiting
oddly answers ``InternalError`` naming the signal or exit code.

Nor may a burst of slow PDFs starve the rest of the server: asyncio callers wait for a worker on
threads of the pool's own (one per worker, see :meth:`WorkerPool.in_pool_thread`), never on the
event loop's default executor, which the server keeps for database calls.

The pipe between the parent (:meth:`WorkerPool.run`) and a worker (``_serve``) carries tuples:

- worker → parent, once started: ``("ready",)``;
- parent → worker: ``(func, args, answers)``, a job (``answers``: the parent takes questions,
  see below), or ``None``: exit;
- worker → parent, while the job runs: ``("note", note)`` (:func:`notify_parent`, one-way),
  ``("retiring",)`` (:func:`retire_after_job`), ``("ask", request)`` (:func:`ask_parent`),
  which the parent answers with ``("answer", value)`` or
  ``("refused", error name, message, code)`` before the job goes on;
- worker → parent, the job's end: ``("ok", value)`` or
  ``("error", error name, message, code[, diagnosis])``; with a diagnosis (an unexpected
  error's traceback) the parent logs it and words the message from what its jobs do.

A worker cannot start processes of its own (it is a daemon): a job that needs other workers,
e.g. a batch document's scanned pages read over the OCR pool, asks its parent to run them.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import multiprocessing as mp
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from . import metrics
from .errors import BadRequest, CasgateError, Code, InternalError, ProcessingTimeout
from .models import StatementKind
from .settings import Settings, get_settings

Job = Callable[..., Any]
T = TypeVar("T")

log = logging.getLogger(__name__)

#: how long a new worker may take to start and import its modules
STARTUP_SECONDS = 120.0


def _limit_memory(megabytes: int, ceiling_mb: int = 0) -> None:
    """Cap this process's address space at ``megabytes``; a job may raise the cap up to
    ``ceiling_mb`` (:func:`raise_memory_limit`), never beyond."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, max(limit, ceiling_mb * 1024 * 1024)))


def raise_memory_limit(megabytes: int) -> bool:
    """Let this process map up to ``megabytes`` (within the ceiling its pool allows): for a
    job that needs a large library (PyTorch maps gigabytes of address space on import).
    ``False`` when the ceiling is lower; then the limit is left as it was."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = megabytes * 1024 * 1024
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return True
    if hard != resource.RLIM_INFINITY and hard < wanted:
        return False
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    return True


#: the pipe to the parent, in a worker process (``None`` elsewhere)
_parent: Connection | None = None
#: set by :func:`retire_after_job`: this worker exits once its job has answered
_retiring = False
#: the parent of this worker answers the running job's questions (:func:`ask_parent`)
_answers = False


def retire_after_job() -> bool:
    """From a job running in a worker: replace this worker once the job has answered (it
    raised its memory limit, or holds memory no later job should pay for). ``False`` outside
    a worker."""
    global _retiring
    if _parent is None:
        return False
    if not _retiring:
        _retiring = True
        _parent.send(("retiring",))
    return True


def notify_parent(note: Any) -> bool:
    """From a job running in a worker: hand ``note`` to the ``on_note`` callback of the
    parent's :meth:`WorkerPool.run` while the job goes on. ``False`` outside a worker."""
    if _parent is None:
        return False
    _parent.send(("note", note))
    return True


def parent_answers() -> bool:
    """Whether :func:`ask_parent` may be called: this is a worker whose parent passed an
    ``on_ask`` to :meth:`WorkerPool.run` for the running job."""
    return _parent is not None and _answers


def ask_parent(request: Any) -> Any:
    """From a job running in a worker: the answer of the ``on_ask`` callback of the parent's
    :meth:`WorkerPool.run` to ``request``, blocking until it comes (the job's deadline runs
    meanwhile). A domain error of the callback is raised here as the same
    :class:`CasgateError`. ``RuntimeError`` unless :func:`parent_answers`."""
    if _parent is None or not _answers:
        raise RuntimeError("no parent answers this process's requests")
    _parent.send(("ask", request))
    reply = _parent.recv()
    if reply[0] == "answer":
        return reply[1]
    raise _error(reply[1], reply[2], reply[3])


def _serve(
    conn: Connection,
    memory_mb: int,
    ceiling_mb: int,
    warm_up: Job | None,
    warm_args: tuple[Any, ...],
) -> None:
    """Worker loop: run ``warm_up``, say ``("ready",)``, then run jobs until told to exit or
    retired (the protocol is in the module's docstring)."""
    global _parent, _answers
    _parent = conn
    _limit_memory(memory_mb, ceiling_mb)
    if warm_up is not None:
        warm_up(*warm_args)
    conn.send(("ready",))
    while not _retiring:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        func, args, _answers = job
        try:
            conn.send(("ok", func(*args)))
        except CasgateError as exc:
            conn.send(("error", type(exc).__name__, exc.message, exc.code))
        except MemoryError:
            conn.send(
                (
                    "error",
                    "BadRequest",
                    f"The PDF needs more than the memory limit of {memory_mb} MiB to parse.",
                    Code.DAMAGED_PDF,
                )
            )
        except RecursionError:
            conn.send(
                ("error", "BadRequest", "The PDF is too deeply nested to parse.", Code.DAMAGED_PDF)
            )
        except Exception as exc:  # never leak internals (or file contents) to the client
            # the parent logs what happened: type, message and traceback, never the job's args;
            # it words the client's message, as it knows what the pool's jobs do
            diagnosis = "".join(traceback.format_exception(exc))
            conn.send(("error", "InternalError", "", Code.INTERNAL, diagnosis))


_ERRORS: dict[str, type[CasgateError]] = {}


def _error(name: str, message: str, code: Code) -> CasgateError:
    if not _ERRORS:
        from . import errors

        for value in vars(errors).values():
            if isinstance(value, type) and issubclass(value, CasgateError):
                _ERRORS[value.__name__] = value
    cls = _ERRORS.get(name, InternalError)
    try:
        error = cls(message)
    except TypeError:
        return InternalError(message)
    error.code = code
    return error


#: signals with which a process crashes by itself; under an address-space limit, usually a
#: failed allocation in native code
_CRASHES = {signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGILL, signal.SIGFPE}


def worker_death(exitcode: int | None, memory_mb: int, pool: str) -> CasgateError:
    """The error for a worker of the pool called ``pool`` that ended mid-job with
    ``exitcode`` (``-N``: signal N): a crash is the document's doing (400); a kill from
    outside, e.g. the kernel's OOM killer or an operator, or an unexplained exit is not (500,
    so batches retry the document)."""
    worker = f"{pool} worker"
    if exitcode is not None and exitcode < 0:
        try:
            sig = signal.Signals(-exitcode)
        except ValueError:
            return InternalError(f"The {worker} was stopped by signal {-exitcode}.")
        if sig in _CRASHES:
            return BadRequest(
                f"The PDF crashed the {worker} ({sig.name}), most likely by exhausting its "
                f"memory limit of {memory_mb} MiB; it was refused.",
                code=Code.DAMAGED_PDF,
            )
        return InternalError(
            f"The {worker} was killed from outside ({sig.name}: the operating system, "
            "for instance its out-of-memory killer, or an operator), not by a casgate limit."
        )
    return InternalError(f"The {worker} exited unexpectedly (exit code {exitcode}).")


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _answer(on_ask: Callable[[Any, float], Any] | None, request: Any, ends: float) -> Any:
    """The reply to a worker's :func:`ask_parent`: ``on_ask``'s answer or its refusal."""
    try:
        if on_ask is None:  # the worker knows it may not ask (parent_answers): never here
            raise InternalError("The worker asked a parent that takes no requests.")
        return ("answer", on_ask(request, max(ends - time.monotonic(), 0.0)))
    except CasgateError as exc:
        return ("refused", type(exc).__name__, exc.message, exc.code)
    except Exception:  # the job fails as a job's unexpected error would, its details logged
        log.exception("answering a worker's request failed")
        return ("refused", "InternalError", "The document could not be processed.", Code.INTERNAL)


class WorkerPool:
    """A fixed number of reusable worker processes; each runs one job at a time."""

    def __init__(
        self,
        size: int,
        memory_mb: int,
        timeout: float,
        *,
        warm_up: Job | None = None,
        warm_args: tuple[Any, ...] = (),
        name: str = "parse",
        ceiling_mb: int = 0,
        work: str = "Parsing",
    ) -> None:
        self.size = max(1, size)
        #: the pool's label in the metrics (``parse``, ``batch``)
        self.name = name
        #: what a job does, for the error past its deadline ("... took longer than ...")
        self.work = work
        #: workers lost mid-job and not replaced yet (the next start is a restart)
        self._lost = 0
        self.memory_mb = memory_mb
        #: how far a job may raise its worker's memory limit (:func:`raise_memory_limit`)
        self.ceiling_mb = ceiling_mb
        self.timeout = timeout
        #: what a new worker runs before its first job (imports, connections), so that no
        #: job's deadline pays for it
        self.warm_up = warm_up
        self.warm_args = warm_args
        self._ctx = mp.get_context("spawn")
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.size)
        # One thread per worker is enough: a thread waits on at most one worker at a time.
        self._threads = ThreadPoolExecutor(self.size, thread_name_prefix="casgate-pool")
        self._closed = False

    def _spawn(self) -> _Worker:
        """A started worker, once it is ready (its start-up is not part of any deadline)."""
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_serve,
            args=(child, self.memory_mb, self.ceiling_mb, self.warm_up, self.warm_args),
            daemon=True,
        )
        process.start()
        child.close()
        with self._lock:
            restart, self._lost = self._lost > 0, max(self._lost - 1, 0)
        if restart:
            metrics.increment(metrics.WORKER_RESTARTS, self.name)
        worker = _Worker(process, parent)
        try:
            ready = parent.poll(STARTUP_SECONDS) and parent.recv() == ("ready",)
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.kill()
            raise InternalError(f"A worker of the {self.name} pool could not start.")
        return worker

    def _checkout(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                worker.kill()
        return self._spawn()

    def _checkin(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
            else:
                self._idle.append(worker)

    def run(
        self,
        func: Job,
        *args: Any,
        timeout: float | None = None,
        on_note: Callable[[Any], None] | None = None,
        on_ask: Callable[[Any, float], Any] | None = None,
    ) -> Any:
        """Run ``func(*args)`` in a worker; blocking. Raises the job's domain errors.

        Notes the job sends with :func:`notify_parent` go to ``on_note`` as they arrive. With
        ``on_ask``, the job may :func:`ask_parent`: ``on_ask(request, seconds)`` answers, in
        the ``seconds`` left before the job's deadline (which runs on while it answers).
        """
        deadline = self.timeout if timeout is None else timeout
        with self._slots:
            worker = self._checkout()
            ends = time.monotonic() + deadline  # from now: not the wait for a (new) worker
            try:
                worker.conn.send((func, args, on_ask is not None))
            except (BrokenPipeError, OSError):
                raise self._death(worker) from None
            metrics.increment(metrics.WORKER_JOBS, self.name)
            retiring = False
            while True:
                reply = self._receive(worker, ends, deadline)
                if reply[0] == "retiring":
                    retiring = True
                    continue
                if reply[0] == "ask":
                    answer = _answer(on_ask, reply[1], ends)
                    if time.monotonic() >= ends:  # the answer took the job's time: too late
                        raise self._expired(worker, deadline)
                    try:
                        worker.conn.send(answer)
                    except (BrokenPipeError, OSError):
                        raise self._death(worker) from None
                    continue
                if reply[0] != "note":
                    break
                if not metrics.apply_note(reply[1]) and on_note is not None:
                    on_note(reply[1])
            if retiring:  # it exits by itself; the next job gets a new worker
                worker.kill()
            else:
                self._checkin(worker)
        if reply[0] == "ok":
            return reply[1]
        if len(reply) > 4:
            job_name = getattr(func, "__qualname__", type(func).__name__)  # never repr: args
            log.error(
                "unexpected error in a worker of the %s pool (%s): %s",
                self.name,
                job_name,
                reply[4],
            )
            raise InternalError(f"{self.work} failed with an internal error.")
        raise _error(reply[1], reply[2], reply[3])

    def _receive(self, worker: _Worker, ends: float, deadline: float) -> Any:
        """The worker's next message; kills it past ``ends`` or when it died."""
        try:
            ready = worker.conn.poll(max(ends - time.monotonic(), 0))
        except OSError:
            ready = True  # recv() below reports the dead worker
        if not ready:
            raise self._expired(worker, deadline)
        try:
            return worker.conn.recv()
        except (EOFError, OSError):
            raise self._death(worker) from None

    def _expired(self, worker: _Worker, deadline: float) -> ProcessingTimeout:
        """Stop a worker whose job ran past its ``deadline``."""
        worker.kill()
        self._count_loss("deadline")
        return ProcessingTimeout(
            f"{self.work} took longer than {deadline:g} seconds and was stopped."
        )

    def _death(self, worker: _Worker) -> CasgateError:
        """Why a worker went away mid-job, once it is reaped."""
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        worker.kill()
        self._count_loss("died")
        return worker_death(code, self.memory_mb, self.name)

    def _count_loss(self, reason: str) -> None:
        with self._lock:
            self._lost += 1
        metrics.increment(metrics.WORKER_KILLS, self.name, reason)

    async def arun(
        self,
        func: Job,
        *args: Any,
        timeout: float | None = None,
        on_note: Callable[[Any], None] | None = None,
    ) -> Any:
        """:meth:`run` for asyncio code, waiting on the pool's own threads."""
        return await self.in_pool_thread(
            partial(self.run, func, *args, timeout=timeout, on_note=on_note)
        )

    async def in_pool_thread(self, blocking: Callable[[], T]) -> T:
        """Call ``blocking`` (code that waits on this pool, such as :meth:`run`) on one of the
        pool's own threads. Callers beyond the pool's size queue without holding a thread, so a
        burst of slow jobs never takes the threads the event loop lends to everything else
        (``asyncio.to_thread``: database calls, authentication)."""
        return await asyncio.get_running_loop().run_in_executor(self._threads, blocking)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._idle = self._idle, []
        self._threads.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            worker.kill()


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def get_pool(settings: Settings | None = None) -> WorkerPool:
    """The process-wide parse pool, created on first use from the settings."""
    global _pool
    with _pool_lock:
        if _pool is None:
            s = settings or get_settings()
            _pool = WorkerPool(
                s.parse_workers, s.parse_memory_mb, s.parse_timeout_seconds, warm_up=warm_parser
            )
        return _pool


def warm_parser() -> None:
    """In a new parse worker: import every parser, open the scheme database and make the
    first use of what loads lazily (the fixed cost a cold worker would otherwise add to its
    first parse, 100 to 200 ms)."""
    from datetime import datetime

    from . import parse  # noqa: F401
    from .ocr import run  # noqa: F401
    from .parsers import cams, cdsl, contract_note, nsdl, scheme_db  # noqa: F401
    from .pdf.aes256_key import warm as warm_aes

    scheme_db.warm()
    warm_aes()
    # strptime imports and compiles its pattern on first use (CDSL's DD-MM-YYYY dates)
    datetime.strptime("01-01-2024", "%d-%m-%Y")
    # what is loaded now lives as long as the worker: the cycle collector need not walk it
    gc.collect()
    gc.freeze()


def shutdown_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.close()
            _pool = None


def _parse_job(
    data: bytes,
    password: str | None,
    expected: str | None,
    settings: Settings,
    ocr: dict[int, Any] | None = None,
) -> dict[str, Any] | list[int]:
    """The parsed statement, or the pages (0-based) to read by OCR first."""
    from .ocr.run import OcrNeeded
    from .parse import parse_statement

    kind = StatementKind(expected) if expected else None
    try:
        return parse_statement(data, password, kind, settings, ocr=ocr, ocr_here=False).to_dict()
    except OcrNeeded as needed:
        return needed.pages


async def parse_in_worker(
    data: bytes,
    password: str | None,
    expected: StatementKind | None = None,
    *,
    pool: WorkerPool | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Parse in the worker pool under ``settings``' limits (one trip: open, detect, parse);
    returns the UnifiedResponse as the contract's JSON dict."""
    settings = settings or get_settings()
    pool = pool or get_pool(settings)
    kind = expected.value if expected else None
    try:
        result = await pool.arun(_parse_job, data, password, kind, settings)
        if isinstance(result, list):  # a scan: its pages are read over the OCR pool, then parsed
            from .ocr.run import ocr_pool, read_in_pool

            pages = await read_in_pool(ocr_pool(settings), data, password, result, settings)
            result = await pool.arun(_parse_job, data, password, kind, settings, pages)
    except CasgateError:
        metrics.increment(metrics.DOCUMENTS_PARSED, "api", "failed")
        raise
    metrics.increment(metrics.DOCUMENTS_PARSED, "api", "ok")
    metrics.increment(metrics.PAGES_PARSED, "api", amount=_pages_of(result))
    return result  # type: ignore[no-any-return]


def _pages_of(statement: dict[str, Any]) -> int:
    meta = statement.get("meta") or {}
    return int(meta.get("pages") or 0)


if os.name != "posix":  # pragma: no cover
    raise ImportError("core.isolation needs POSIX resource limits")
