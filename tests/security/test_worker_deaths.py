"""A parse worker that goes away is reported by what actually ended it: the memory limit, a
crash (a signal of its own), a kill from outside, an odd exit, or the deadline; each pool words
these, and a job's unexpected error, by what its workers do, and only its log has the cause."""

from __future__ import annotations

import logging
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
    assert f"crashed the parse worker ({sig.name})" in crashed.value.message


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


def test_each_pool_words_its_failures_and_only_the_log_has_the_cause(
    caplog: pytest.LogCaptureFixture,
) -> None:
    batch = WorkerPool(size=1, memory_mb=256, timeout=30, name="batch", work="Processing it")
    try:
        with caplog.at_level(logging.ERROR), pytest.raises(InternalError) as failed:
            batch.run(jobs.fail, "secret detail")
        assert failed.value.message == "Processing it failed with an internal error."
        logged = [r.getMessage() for r in caplog.records]
        assert any(
            "unexpected error in a worker of the batch pool (fail)" in line
            and "RuntimeError: secret detail" in line
            for line in logged
        ), logged
        with pytest.raises(InternalError, match=r"^The batch worker exited unexpectedly"):
            batch.run(jobs.exit_with, 3)
    finally:
        batch.close()
