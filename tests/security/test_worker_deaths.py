"""A parse worker that goes away is reported by what actually ended it: the memory limit, a
crash (a signal of its own), a kill from outside, an odd exit, or the deadline."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from core.errors import BadRequest, InternalError, ProcessingTimeout
from core.isolation import WorkerPool

from . import jobs


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    p = WorkerPool(size=1, memory_mb=256, timeout=30)
    yield p
    p.close()


def test_running_out_of_memory_names_the_limit(pool: WorkerPool) -> None:
    with pytest.raises(BadRequest, match="memory limit of 256 MiB"):
        pool.run(jobs.hog, 1024)


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS])
def test_a_crash_is_the_documents_doing(pool: WorkerPool, sig: signal.Signals) -> None:
    with pytest.raises(BadRequest) as crashed:
        pool.run(jobs.die_by, sig)
    assert f"crashed the parser ({sig.name})" in crashed.value.message


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_kill_from_outside_is_not_called_a_memory_limit(
    pool: WorkerPool, sig: signal.Signals
) -> None:
    with pytest.raises(InternalError) as killed:
        pool.run(jobs.die_by, sig)
    assert f"killed from outside ({sig.name}" in killed.value.message
    assert "memory limit" not in killed.value.message


def test_an_odd_exit_names_its_code(pool: WorkerPool) -> None:
    with pytest.raises(InternalError, match=r"exit code 3\b"):
        pool.run(jobs.exit_with, 3)


def test_the_deadline_is_reported_as_such_and_the_pool_recovers(pool: WorkerPool) -> None:
    with pytest.raises(ProcessingTimeout, match=r"longer than 0\.5 seconds"):
        pool.run(jobs.die_by, 0, timeout=0.5)  # signal 0 kills nothing: it waits
    assert pool.run(jobs.hog, 1) == 1024 * 1024
