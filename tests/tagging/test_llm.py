"""The LLM tagger against a fake OpenRouter on loopback: answers restricted to existing tags,
suggestions apart, usage and cost read, retries with backoff on 429/5xx, no retry on other
errors, a slow answer cut by the timeout."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings
from core.tagging.llm import LlmTagger, excerpt, parse_answer
from tests.tagging.fake_openrouter import KEY, FakeOpenRouter, Scripted

TAGS = ["invoice", "bank", "salary"]
TEXT = "TAX INVOICE 42 payable to HDFC Bank"


@pytest.fixture
def fake() -> Iterator[FakeOpenRouter]:
    server = FakeOpenRouter().start()
    yield server
    server.close()


def _settings(tmp_path: Path, fake: FakeOpenRouter, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp_path,
        "openrouter_base_url": fake.base_url,
        "openrouter_api_key": KEY,
        "openrouter_model": "test/model",
        "openrouter_timeout_seconds": 5.0,
        "openrouter_max_retries": 2,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def _tagger(settings: Settings, sleeps: list[float]) -> LlmTagger:
    return LlmTagger(settings, sleep=sleeps.append, first_backoff=0.01)


def test_an_answer_keeps_existing_tags_and_suggests_the_rest(
    tmp_path: Path, fake: FakeOpenRouter
) -> None:
    answer = _tagger(_settings(tmp_path, fake), []).suggest(TEXT, TAGS)
    assert answer.tags == ["invoice", "bank"]
    assert answer.suggested == ["not-a-tag", "paperwork"]
    assert answer.call is not None
    assert (answer.call.status_code, answer.call.attempts, answer.call.error) == (200, 1, None)
    assert (answer.call.prompt_tokens, answer.call.completion_tokens) == (120, 14)
    assert answer.call.cost > 0
    sent = fake.requests[0]
    assert sent["model"] == "test/model"
    assert json.dumps(TAGS) in sent["messages"][-1]["content"]
    assert TEXT in sent["messages"][-1]["content"]


def test_429_and_5xx_are_retried_with_backoff(tmp_path: Path, fake: FakeOpenRouter) -> None:
    fake.script.extend(
        [Scripted(429, message="Rate limit exceeded", retry_after="0.02"), Scripted(502)]
    )
    sleeps: list[float] = []
    answer = _tagger(_settings(tmp_path, fake), sleeps).suggest(TEXT, TAGS)
    assert answer.tags == ["invoice", "bank"] and answer.call and answer.call.attempts == 3
    assert sleeps == [0.02, 0.02]  # Retry-After first, then the doubled backoff (0.01 → 0.02)


def test_retries_end_with_the_providers_message(tmp_path: Path, fake: FakeOpenRouter) -> None:
    fake.script.extend(Scripted(503, message="No instances available") for _ in range(3))
    sleeps: list[float] = []
    answer = _tagger(_settings(tmp_path, fake), sleeps).suggest(TEXT, TAGS)
    assert answer.tags == [] and answer.call
    assert (answer.call.status_code, answer.call.attempts) == (503, 3)
    assert answer.call.error == "No instances available"
    assert sleeps == [0.01, 0.02]


@pytest.mark.parametrize("status", [400, 402])
def test_other_errors_are_not_retried(tmp_path: Path, fake: FakeOpenRouter, status: int) -> None:
    fake.script.append(Scripted(status, message="Insufficient credits"))
    answer = _tagger(_settings(tmp_path, fake), []).suggest(TEXT, TAGS)
    assert answer.call and (answer.call.attempts, answer.call.status_code) == (1, status)
    assert len(fake.requests) == 1


def test_a_wrong_key_is_an_error_not_a_retry(tmp_path: Path, fake: FakeOpenRouter) -> None:
    answer = _tagger(_settings(tmp_path, fake, openrouter_api_key="sk-wrong"), []).suggest(
        TEXT, TAGS
    )
    assert answer.call and answer.call.error == "No auth credentials found"


def test_a_slow_answer_times_out(tmp_path: Path, fake: FakeOpenRouter) -> None:
    fake.script.extend(Scripted(delay=30) for _ in range(2))
    settings = _settings(tmp_path, fake, openrouter_timeout_seconds=0.2, openrouter_max_retries=1)
    answer = _tagger(settings, []).suggest(TEXT, TAGS)
    assert answer.tags == [] and answer.call
    assert (answer.call.error, answer.call.attempts) == ("timed out", 2)


def test_unreadable_content_is_an_empty_answer(tmp_path: Path, fake: FakeOpenRouter) -> None:
    fake.script.append(Scripted(content="I think it is an invoice."))
    answer = _tagger(_settings(tmp_path, fake), []).suggest(TEXT, TAGS)
    assert (answer.tags, answer.suggested) == ([], [])


def test_parse_answer_accepts_fences_lists_and_any_case() -> None:
    assert parse_answer('```json\n{"tags": ["INVOICE"]}\n```', TAGS) == (["invoice"], [])
    assert parse_answer('["bank", "rent"]', TAGS) == (["bank"], ["rent"])
    assert parse_answer('{"tags": "bank"}', TAGS) == ([], [])


def test_excerpt_keeps_the_start_and_the_end() -> None:
    text = "start " + "middle " * 2000 + "the end"
    cut = excerpt(text, 300)
    assert cut.startswith("start ") and cut.endswith("the end") and len(cut) <= 310
    assert excerpt("a\n\n  b", 300) == "a b"
