"""Tags on stored documents: what the taggers set, and what the user confirms or corrects.

``document.tags`` (the names shown in history) always mirrors the ``document_tag`` rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import Principal
from core.batch.models import Document
from core.db import session_scope
from core.errors import BadRequest
from core.settings import Settings, get_settings
from core.tagging.models import DocumentTag, LlmCall, Tag, TagReview, TagSource
from core.tagging.training import schedule_retrain
from core.tagging.views import DocumentTagsView, DocumentTagView, LlmCallView


@dataclass(frozen=True)
class Assignment:
    """A tagger's decision: this tag, from this source, this sure."""

    tag_id: str
    name: str
    source: TagSource
    confidence: float


def _links(session: Session, document_id: str) -> list[tuple[DocumentTag, Tag]]:
    rows = session.exec(
        select(DocumentTag, Tag)
        .join(Tag, col(Tag.id) == col(DocumentTag.tag_id))
        .where(col(DocumentTag.document_id) == document_id)
        .order_by(col(Tag.name))
    )
    return list(rows.all())


def refresh_document_names(session: Session, document_ids: Iterable[str]) -> None:
    """Rewrite ``document.tags`` of these documents from their tag rows."""
    for document_id in set(document_ids):
        document = session.get(Document, document_id)
        if document is not None:
            document.tags = [tag.name for _, tag in _links(session, document_id)]
            session.add(document)


def record_assignments(
    session: Session, account_id: str, document_id: str, assignments: Sequence[Assignment]
) -> None:
    """Store a pipeline's tags on a new document, in the caller's transaction (the caller
    writes their names into ``document.tags``)."""
    for assignment in assignments:
        session.add(
            DocumentTag(
                account_id=account_id,
                document_id=document_id,
                tag_id=assignment.tag_id,
                source=assignment.source,
                confidence=round(assignment.confidence, 4),
            )
        )


def link_calls(session: Session, call_ids: Sequence[str], document_id: str) -> None:
    """Name the stored document the LLM calls of its tagging were about (caller's transaction)."""
    if call_ids:
        session.execute(
            update(LlmCall).where(col(LlmCall.id).in_(call_ids)).values(document_id=document_id)
        )


def _calls(session: Session, document_id: str) -> list[LlmCall]:
    return list(
        session.exec(
            select(LlmCall)
            .where(col(LlmCall.document_id) == document_id)
            .order_by(col(LlmCall.at), col(LlmCall.id))
        ).all()
    )


def document_tags_view(session: Session, document_id: str) -> DocumentTagsView:
    calls = _calls(session, document_id)
    suggested = list(dict.fromkeys(name for call in calls for name in call.suggested))
    return DocumentTagsView(
        document_id=document_id,
        suggested_tags=suggested,
        llm_calls=[LlmCallView.of(call) for call in calls],
        tags=[
            DocumentTagView(
                name=tag.name,
                source=link.source.value,
                confidence=link.confidence,
                confirmed=link.confirmed,
            )
            for link, tag in _links(session, document_id)
        ],
    )


def _set(
    settings: Settings, principal: Principal, document_id: str, names: Sequence[str]
) -> DocumentTagsView:
    wanted = {name.strip() for name in names if name.strip()}
    with session_scope(settings) as session:
        document = get_owned(session, Document, document_id, principal, label="Document")
        tags = {
            tag.name: tag
            for tag in session.exec(
                owned_select(Tag, principal).where(col(Tag.name).in_(wanted))
            ).all()
        }
        if unknown := sorted(wanted - tags.keys()):
            raise BadRequest(f"unknown tags: {', '.join(unknown)} (create them at /api/tags)")
        kept = {link.tag_id: link for link, _ in _links(session, document.id)}
        for tag_id, link in kept.items():
            if tag_id not in {tag.id for tag in tags.values()}:
                session.delete(link)
        for tag in tags.values():
            link = kept.get(tag.id) or DocumentTag(
                account_id=document.account_id,
                document_id=document.id,
                tag_id=tag.id,
                source=TagSource.USER,
                confidence=1.0,
            )
            link.confirmed = True
            session.add(link)
        session.flush()
        refresh_document_names(session, [document.id])
        # confirmed even when left without tags: "none of these" is training data too
        if session.get(TagReview, document.id) is None:
            session.add(TagReview(account_id=document.account_id, document_id=document.id))
        return document_tags_view(session, document.id)


def _get(settings: Settings, principal: Principal, document_id: str) -> DocumentTagsView:
    with session_scope(settings) as session:
        document = get_owned(session, Document, document_id, principal, label="Document")
        return document_tags_view(session, document.id)


async def get_document_tags(
    principal: Principal, document_id: str, *, settings: Settings | None = None
) -> DocumentTagsView:
    """A stored document's tags with source and confidence, the new tags the LLM suggested
    (never applied) and its LLM calls' tokens and cost; ``NotFound`` if not the caller's."""
    settings = settings or get_settings()
    return await asyncio.to_thread(_get, settings, principal, document_id)


async def set_document_tags(
    principal: Principal,
    document_id: str,
    names: Sequence[str],
    *,
    settings: Settings | None = None,
) -> DocumentTagsView:
    """Make ``names`` (existing tags of the caller) exactly the document's tags, confirmed by the
    user; tags a tagger had set keep their source and confidence. The account's classifier learns
    from it on its next training."""
    settings = settings or get_settings()
    view = await asyncio.to_thread(_set, settings, principal, document_id, names)
    if principal.account_id is not None:
        schedule_retrain(settings, principal.account_id)
    return view
