"""A job in a worker asks its parent and waits for the answer (``ask_parent``): answers and
the parent's domain errors reach the job, and the job's deadline runs on meanwhile."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from core.errors import BadRequest, InternalError, ProcessingTimeout
from core.isolation import WorkerPool, ask_parent, parent_answers

from . import jobs


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    p = WorkerPool(size=1, memory_mb=512, timeout=30)
    yield p
    p.close()


def test_the_parent_answers_each_request_in_turn_with_the_time_left(pool: WorkerPool) -> None:
    heard: list[tuple[object, float]] = []

    def on_ask(request: object, seconds: float) -> object:
        heard.append((request, seconds))
        return ("answer to", request)

    answers = pool.run(jobs.ask, "pages 1-3", {"page": 4}, timeout=20, on_ask=on_ask)
    assert answers == [("answer to", "pages 1-3"), ("answer to", {"page": 4})]
    assert [request for request, _ in heard] == ["pages 1-3", {"page": 4}]
    assert all(0 < seconds <= 20 for _, seconds in heard)


def test_a_job_may_ask_only_when_its_parent_answers(pool: WorkerPool) -> None:
    assert pool.run(jobs.may_ask, on_ask=lambda request, seconds: None) is True
    assert pool.run(jobs.may_ask) is False
    with pytest.raises(InternalError):  # asking anyway is the job's unexpected error
        pool.run(jobs.ask, "anyone?")
    assert parent_answers() is False  # nor outside a worker
    with pytest.raises(RuntimeError):
        ask_parent("anyone?")


def test_the_parents_domain_error_is_raised_in_the_job_as_the_same_error(
    pool: WorkerPool,
) -> None:
    def refuse(request: object, seconds: float) -> object:
        raise BadRequest(f"no {request}")

    with pytest.raises(BadRequest, match="no page 7"):
        pool.run(jobs.ask, "page 7", on_ask=refuse)
    first = pool.run(jobs.pid)
    assert pool.run(jobs.pid) == first  # a refusal costs no worker


def test_an_unexpected_error_of_the_parent_reaches_the_job_without_its_details(
    pool: WorkerPool,
) -> None:
    def broken(request: object, seconds: float) -> object:
        raise ValueError("secret internals")

    with pytest.raises(InternalError) as info:
        pool.run(jobs.ask, "page 1", on_ask=broken)
    assert "secret" not in info.value.message


def test_the_jobs_deadline_runs_on_while_the_parent_answers(pool: WorkerPool) -> None:
    def slow(request: object, seconds: float) -> object:
        time.sleep(seconds + 0.2)
        return "late"

    with pytest.raises(ProcessingTimeout):
        pool.run(jobs.ask, "page 1", timeout=0.5, on_ask=slow)
    assert pool.run(jobs.echo, "alive") == "alive"  # served by a new worker
