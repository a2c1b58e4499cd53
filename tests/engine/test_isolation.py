"""Parses run in worker processes: a timeout or a memory blow-up answers the right error, the
worker is replaced, and the pool keeps serving."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.errors import BadRequest, ProcessingTimeout
from core.isolation import WorkerPool, notify_parent, parse_in_worker, retire_after_job
from core.models import StatementKind
from tests.statements import generate

from . import jobs


@pytest.fixture(scope="module")
def pool():
    p = WorkerPool(size=2, memory_mb=512, timeout=30)
    yield p
    p.close()


def test_timeout_kills_the_worker_and_the_pool_keeps_working(pool: WorkerPool) -> None:
    with pytest.raises(ProcessingTimeout) as info:
        pool.run(jobs.sleep, 30, timeout=0.5)
    assert "0.5 seconds" in info.value.message
    assert pool.run(jobs.echo, "alive") == "alive"


def test_memory_blow_up_is_a_bad_request(pool: WorkerPool) -> None:
    with pytest.raises(BadRequest) as info:
        pool.run(jobs.hog, 2048)
    assert "memory" in info.value.message
    assert pool.run(jobs.hog, 16) == 16 * 1024 * 1024


async def test_parse_in_worker_returns_the_contract_dict(pool: WorkerPool) -> None:
    g = generate(issuer="KFINTECH", variant="SUMMARY", seed=12, pages=1, encryption="AES-256")
    result = await parse_in_worker(g.pdf, g.password, StatementKind.CAMS_KFINTECH, pool=pool)
    assert result["meta"]["cas_type"] == "CAMS_KFINTECH"
    assert len(result["mutual_funds"]) == len(g.truth["mutual_funds"])


async def test_domain_errors_cross_the_process_boundary(pool: WorkerPool) -> None:
    g = generate(issuer="CAMS", variant="SUMMARY", seed=13, pages=1, encryption="AES-128")
    with pytest.raises(BadRequest) as info:
        await parse_in_worker(g.pdf, "not-it", pool=pool)
    assert "password" in info.value.message.lower()


async def test_a_slow_job_does_not_stall_other_callers(pool: WorkerPool) -> None:
    slow = asyncio.create_task(pool.arun(jobs.sleep, 30, timeout=1.0))
    fast = await pool.arun(jobs.echo, "quick")
    assert fast == "quick"
    with pytest.raises(ProcessingTimeout):
        await slow


async def test_callers_waiting_on_the_pool_leave_the_loops_threads_free(pool: WorkerPool) -> None:
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(1))  # what asyncio.to_thread lends
    answered: list[str] = []

    async def slow() -> None:
        await pool.arun(jobs.sleep, 1)
        answered.append("slow")

    waiting = [asyncio.create_task(slow()) for _ in range(pool.size + 2)]
    await asyncio.sleep(0)  # every slow caller has asked the pool by now
    await asyncio.to_thread(answered.append, "quick")
    assert answered == ["quick"]
    await asyncio.gather(*waiting)
    assert answered == ["quick"] + ["slow"] * len(waiting)


def test_notes_reach_the_caller_in_order_before_the_answer(pool: WorkerPool) -> None:
    notes: list[object] = []
    assert pool.run(jobs.chatty, 5, on_note=notes.append) == 5
    assert notes == [("step", i) for i in range(5)]
    assert pool.run(jobs.chatty, 2) == 2  # notes nobody listens to are dropped
    assert notify_parent("outside a worker") is False


def test_a_workers_warm_up_is_not_part_of_any_deadline() -> None:
    warmed = WorkerPool(
        size=1, memory_mb=512, timeout=30, warm_up=jobs.slow_start, warm_args=(1.0,)
    )
    try:
        assert warmed.run(jobs.echo, "first", timeout=0.5) == "first"
        with pytest.raises(ProcessingTimeout):  # the replacement warms up too, then is timed
            warmed.run(jobs.sleep, 30, timeout=0.5)
        assert warmed.run(jobs.echo, "after", timeout=0.5) == "after"
    finally:
        warmed.close()


def test_a_job_may_raise_its_memory_limit_to_the_ceiling_and_its_worker_is_replaced() -> None:
    roomy = WorkerPool(size=1, memory_mb=512, timeout=60, ceiling_mb=1536)
    try:
        raised, allocated, first = roomy.run(jobs.roomier, 1536, 1024)
        assert (raised, allocated) == (True, 1024 * 1024 * 1024)
        second = roomy.run(jobs.pid)
        assert second != first  # retired after its job: the next runs in a new worker ...
        with pytest.raises(BadRequest):  # ... under the usual limit again
            roomy.run(jobs.hog, 1024)
        assert roomy.run(jobs.roomier, 4096, 16)[:2] == (False, 0)  # beyond the ceiling
        assert roomy.run(jobs.pid) == roomy.run(jobs.pid)  # workers that did not retire stay
    finally:
        roomy.close()
    assert retire_after_job() is False  # outside a worker
