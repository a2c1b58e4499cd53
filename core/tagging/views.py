"""What the tag functions answer, named field for field like the messages of ``tag.proto``."""

from __future__ import annotations

from pydantic import Field

from core.accounts.clock import rfc3339
from core.tagging.models import LlmCall, Tag
from core.views import View


class TagView(View):
    id: str
    name: str
    match_algorithm: str
    match: str
    case_sensitive: bool
    auto_assign: bool
    created_at: str

    @classmethod
    def of(cls, tag: Tag) -> TagView:
        return cls(
            id=tag.id,
            name=tag.name,
            match_algorithm=tag.match_algorithm.value,
            match=tag.match,
            case_sensitive=tag.case_sensitive,
            auto_assign=tag.auto_assign,
            created_at=rfc3339(tag.created_at),
        )


class TagListView(View):
    tags: list[TagView]


class DocumentTagView(View):
    """A tag on a document: who set it and how sure it was."""

    name: str
    source: str
    confidence: float
    confirmed: bool


class LlmCallView(View):
    """One call of the LLM tagger about a document: what it cost."""

    model: str
    status_code: int
    attempts: int
    prompt_tokens: int
    completion_tokens: int
    cost: float
    error: str | None = None
    at: str

    @classmethod
    def of(cls, call: LlmCall) -> LlmCallView:
        return cls(
            model=call.model,
            status_code=call.status_code,
            attempts=call.attempts,
            prompt_tokens=call.prompt_tokens,
            completion_tokens=call.completion_tokens,
            cost=call.cost,
            error=call.error,
            at=rfc3339(call.at),
        )


class DocumentTagsView(View):
    document_id: str
    tags: list[DocumentTagView]
    #: new tag names the LLM proposed for the document; never applied
    suggested_tags: list[str] = Field(default_factory=list)
    #: the LLM tagger's calls about the document, with tokens and cost
    llm_calls: list[LlmCallView] = Field(default_factory=list)
