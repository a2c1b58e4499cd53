"""The LLM tagger: one OpenRouter chat-completions call per document.

The prompt gives the document's text (its start and end, whitespace collapsed, within
``tagging_max_prompt_chars``) and the names of the account's tags that may be set
automatically; the model answers ``{"tags": [...], "suggested_tags": [...]}``. Only existing
tags are kept; suggestions are returned apart and never applied. 429 and 5xx answers, timeouts
and dropped connections are retried with a doubling backoff (``Retry-After`` respected, capped);
every call's tokens, cost and outcome are returned for the caller to record.
"""

from __future__ import annotations

import json
import re
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import httpx

from core.settings import Settings

#: how sure an LLM-chosen tag counts as (the protocol has no per-tag probability)
LLM_CONFIDENCE = 0.7
MAX_SUGGESTIONS = 5
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 8.0
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")
_SPACE = re.compile(r"\s+")

SYSTEM_PROMPT = (
    "You assign tags to documents. Answer with one JSON object and nothing else: "
    '{"tags": [...], "suggested_tags": [...]}. "tags" holds only names from the given tag '
    'list that fit the document; "suggested_tags" holds up to 5 short new tag names that would '
    "fit better and are not in the list (often none)."
)


@dataclass(frozen=True)
class CallRecord:
    model: str
    status_code: int = 0
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    error: str | None = None


@dataclass(frozen=True)
class LlmAnswer:
    tags: list[str] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)
    call: CallRecord | None = None


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context per process: loading the CA bundle costs ~0.1 s a client."""
    return ssl.create_default_context()


def configured(settings: Settings) -> bool:
    return bool(settings.openrouter_api_key)


def excerpt(text: str, limit: int) -> str:
    """The text with whitespace collapsed; when too long, its first two thirds and its last
    third of ``limit`` characters (totals and signatures tend to sit at the end)."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    head = limit * 2 // 3
    return f"{text[:head]} […] {text[len(text) - (limit - head) :]}"


def build_messages(text: str, tag_names: Sequence[str], limit: int) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {
            "role": "user",
            "content": f"Tag list: {json.dumps(list(tag_names), ensure_ascii=False)}\n\n"
            f"Document:\n{excerpt(text, limit)}",
        },
    ]


def parse_answer(content: str, tag_names: Sequence[str]) -> tuple[list[str], list[str]]:
    """(existing tags, suggested new tags) from the model's text; unknown names in ``tags`` move
    to the suggestions, anything unreadable is an empty answer."""
    try:
        answer = json.loads(_FENCE.sub("", content.strip()))
    except json.JSONDecodeError:
        return [], []
    if isinstance(answer, list):
        answer = {"tags": answer}
    if not isinstance(answer, dict):
        return [], []
    canonical = {name.casefold(): name for name in tag_names}
    chosen: list[str] = []
    suggested: list[str] = []
    for raw in _strings(answer.get("tags")):
        name = canonical.get(raw.casefold())
        target, value = (chosen, name) if name else (suggested, raw)
        if value not in target:
            target.append(value)
    for raw in _strings(answer.get("suggested_tags")):
        if raw.casefold() not in canonical and raw not in suggested:
            suggested.append(raw)
    return chosen, [s[:100] for s in suggested[:MAX_SUGGESTIONS]]


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers.get("retry-after", ""))
    except ValueError:
        return None


def _error_message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error") or {}
        return str(error.get("message") or response.reason_phrase)[:300]
    except (ValueError, AttributeError):
        return response.reason_phrase or f"HTTP {response.status_code}"


def _completion(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if isinstance(body.get("error"), dict):  # an error reported inside a 200
        raise ValueError(str(body["error"].get("message", "error"))[:300])
    choice = (body.get("choices") or [{}])[0]
    content = (choice.get("message") or {}).get("content")
    if not isinstance(content, str):
        raise ValueError("the answer has no message content")
    return content, body.get("usage") or {}


class LlmTagger:
    """Calls the configured chat-completions endpoint; ``sleep`` is the backoff's clock."""

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        first_backoff: float = FIRST_BACKOFF_SECONDS,
    ) -> None:
        self._settings = settings
        self._sleep = sleep
        self._first_backoff = first_backoff

    def _post(self, client: httpx.Client, payload: dict[str, Any]) -> httpx.Response:
        return client.post(
            f"{self._settings.openrouter_base_url.rstrip('/')}/chat/completions",
            json=payload,
            headers={
                "Authorization": f"Bearer {self._settings.openrouter_api_key}",
                "X-Title": "casgate",
            },
        )

    def complete(self, messages: list[dict[str, str]]) -> tuple[str | None, CallRecord]:
        """One chat completion asked to answer JSON, retried as the module says: (the answer's
        content, the call's record); the content is ``None`` when the call failed, and the
        record's ``error`` says why."""
        model = self._settings.openrouter_model
        payload = {
            "model": model,
            "messages": messages,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "usage": {"include": True},
        }
        attempts, status, error = 0, 0, "not called"
        delay = self._first_backoff
        timeout = httpx.Timeout(self._settings.openrouter_timeout_seconds)
        with httpx.Client(timeout=timeout, follow_redirects=False, verify=_tls()) as client:
            while attempts <= self._settings.openrouter_max_retries:
                attempts += 1
                wait: float | None = None
                try:
                    response = self._post(client, payload)
                except httpx.TimeoutException:
                    status, error = 0, "timed out"
                except httpx.TransportError as exc:
                    status, error = 0, f"connection failed: {type(exc).__name__}"
                else:
                    status = response.status_code
                    if status == 200:
                        return self._answered(response, model, attempts)
                    error = _error_message(response)
                    if status != 429 and status < 500:
                        break
                    wait = _retry_after(response)
                if attempts <= self._settings.openrouter_max_retries:
                    self._sleep(min(wait if wait is not None else delay, MAX_BACKOFF_SECONDS))
                    delay *= 2
        return None, CallRecord(model, status, attempts, error=error)

    def _answered(
        self, response: httpx.Response, model: str, attempts: int
    ) -> tuple[str | None, CallRecord]:
        try:
            content, usage = _completion(response.json())
        except ValueError as exc:
            return None, CallRecord(model, 200, attempts, error=str(exc))
        call = CallRecord(
            model,
            200,
            attempts,
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            cost=float(usage.get("cost") or 0.0),
        )
        return content, call

    def suggest(self, text: str, tag_names: Sequence[str]) -> LlmAnswer:
        """The model's tags for ``text`` among ``tag_names``; failures give an empty answer
        whose ``call.error`` says why (the document is still processed)."""
        if not tag_names:
            return LlmAnswer()
        content, call = self.complete(
            build_messages(text, tag_names, self._settings.tagging_max_prompt_chars)
        )
        if content is None:
            return LlmAnswer(call=call)
        tags, suggested = parse_answer(content, tag_names)
        return LlmAnswer(tags, suggested, call)
