"""The caller's tags: create, list, update, delete. Every tag belongs to one account; another
account's tag is a 404."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import Principal
from core.db import session_scope
from core.errors import BadRequest, Conflict, NotFound
from core.notice import Notice
from core.settings import Settings, get_settings
from core.tagging.document_tags import refresh_document_names
from core.tagging.matching import Rule, check_rule
from core.tagging.models import DocumentTag, MatchAlgorithm, Tag
from core.tagging.training import schedule_retrain
from core.tagging.views import TagListView, TagView
from core.views import View

MAX_NAME = 100
MAX_TAGS_PER_ACCOUNT = 500

ViewT = TypeVar("ViewT", bound=View)


@dataclass(frozen=True)
class TagFields:
    """A tag's fields as sent; ``None`` means "not sent" (keep, or the default on create)."""

    name: str | None = None
    match_algorithm: str | None = None
    match: str | None = None
    case_sensitive: bool | None = None
    auto_assign: bool | None = None


def _algorithm(value: str) -> MatchAlgorithm:
    try:
        return MatchAlgorithm(value or MatchAlgorithm.NONE.value)
    except ValueError:
        choices = ", ".join(a.value for a in MatchAlgorithm)
        raise BadRequest(f"match_algorithm must be one of {choices}") from None


def _name(value: str) -> str:
    name = value.strip()
    if not name or len(name) > MAX_NAME:
        raise BadRequest(f"name must have 1 to {MAX_NAME} characters")
    return name


def _apply(tag: Tag, fields: TagFields) -> None:
    if fields.name is not None:
        tag.name = _name(fields.name)
    if fields.match_algorithm is not None:
        tag.match_algorithm = _algorithm(fields.match_algorithm)
    if fields.match is not None:
        tag.match = fields.match
    if fields.case_sensitive is not None:
        tag.case_sensitive = fields.case_sensitive
    if fields.auto_assign is not None:
        tag.auto_assign = fields.auto_assign
    check_rule(Rule(tag.match_algorithm, tag.match, tag.case_sensitive))


def _require_account(principal: Principal) -> str:
    if principal.account_id is None:
        raise NotFound("Tag not found")
    return principal.account_id


def _save(tag: Tag, session: Session) -> TagView:
    name = tag.name  # a failed flush expires the row: read it before
    try:
        session.add(tag)
        session.flush()
    except IntegrityError:
        raise Conflict(f"a tag named {name!r} already exists") from None
    return TagView.of(tag)


def _create(settings: Settings, principal: Principal, fields: TagFields) -> TagView:
    account_id = _require_account(principal)
    tag = Tag(account_id=account_id, name=_name(fields.name or ""))
    _apply(tag, fields)
    with session_scope(settings) as session:
        if len(session.exec(owned_select(Tag, principal)).all()) >= MAX_TAGS_PER_ACCOUNT:
            raise BadRequest(f"an account holds at most {MAX_TAGS_PER_ACCOUNT} tags")
        return _save(tag, session)


def _update(settings: Settings, principal: Principal, tag_id: str, fields: TagFields) -> TagView:
    with session_scope(settings) as session:
        tag = get_owned(session, Tag, tag_id, principal, label="Tag")
        renamed = fields.name is not None and fields.name.strip() != tag.name
        _apply(tag, fields)
        view = _save(tag, session)
        if renamed:
            refresh_document_names(session, _tagged_documents(session, tag.id))
        return view


def _tagged_documents(session: Session, tag_id: str) -> list[str]:
    return list(
        session.exec(select(DocumentTag.document_id).where(col(DocumentTag.tag_id) == tag_id))
    )


def _delete(settings: Settings, principal: Principal, tag_id: str) -> Notice:
    with session_scope(settings) as session:
        tag = get_owned(session, Tag, tag_id, principal, label="Tag")
        documents = _tagged_documents(session, tag.id)
        for link in session.exec(select(DocumentTag).where(col(DocumentTag.tag_id) == tag.id)):
            session.delete(link)
        session.delete(tag)
        session.flush()
        refresh_document_names(session, documents)
    return Notice(msg=f"Tag {tag.name!r} deleted")


def _list(settings: Settings, principal: Principal) -> TagListView:
    with session_scope(settings) as session:
        tags = session.exec(owned_select(Tag, principal).order_by(col(Tag.name))).all()
        return TagListView(tags=[TagView.of(tag) for tag in tags])


def _retraining(settings: Settings, principal: Principal, view: ViewT) -> ViewT:
    """``view``, once the account's classifier is scheduled to learn the changed tag set."""
    if principal.account_id is not None:
        schedule_retrain(settings, principal.account_id)
    return view


async def create_tag(
    principal: Principal, fields: TagFields, *, settings: Settings | None = None
) -> TagView:
    """A new tag of the caller's account; ``BadRequest`` for a bad rule, ``Conflict`` for a
    name the account already uses."""
    settings = settings or get_settings()
    return _retraining(
        settings, principal, await asyncio.to_thread(_create, settings, principal, fields)
    )


async def list_tags(principal: Principal, *, settings: Settings | None = None) -> TagListView:
    """The caller's tags, by name."""
    return await asyncio.to_thread(_list, settings or get_settings(), principal)


async def update_tag(
    principal: Principal, tag_id: str, fields: TagFields, *, settings: Settings | None = None
) -> TagView:
    """Change the fields that were sent; ``NotFound`` if not the caller's tag."""
    settings = settings or get_settings()
    view = await asyncio.to_thread(_update, settings, principal, tag_id, fields)
    return _retraining(settings, principal, view)


async def delete_tag(
    principal: Principal, tag_id: str, *, settings: Settings | None = None
) -> Notice:
    """Delete a tag and take it off every document."""
    settings = settings or get_settings()
    return _retraining(
        settings, principal, await asyncio.to_thread(_delete, settings, principal, tag_id)
    )
