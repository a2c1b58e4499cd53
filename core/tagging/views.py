"""What the tag functions answer, named field for field like the messages of ``tag.proto``."""

from __future__ import annotations

from core.accounts.clock import rfc3339
from core.tagging.models import Tag
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


class DocumentTagsView(View):
    document_id: str
    tags: list[DocumentTagView]
