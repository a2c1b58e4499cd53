"""The caller's workflows: create, replace (a new version), list, get, delete. Another
account's workflow is a 404, like one that does not exist."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from core.accounts.clock import rfc3339
from core.accounts.ownership import get_owned, owned_select
from core.accounts.principal import Principal
from core.db import session_scope, utcnow
from core.errors import BadRequest, NotFound
from core.history.paging import page_window
from core.notice import Notice
from core.review.models import Workflow, WorkflowVersion
from core.review.rules import Rule, parse_rules
from core.review.views import WorkflowPageView, WorkflowView
from core.settings import Settings, get_settings

MAX_NAME = 200
MAX_DESCRIPTION = 2000
MAX_WORKFLOWS_PER_ACCOUNT = 500


@dataclass(frozen=True)
class WorkflowFields:
    name: str
    description: str
    rules: list[dict[str, Any]]


@dataclass(frozen=True)
class PinnedWorkflow:
    """A workflow's version as a review runs it."""

    id: str
    version: int
    rules: list[Rule]


def _checked(fields: WorkflowFields) -> tuple[str, str, list[Rule]]:
    name = fields.name.strip()
    if not name or len(name) > MAX_NAME:
        raise BadRequest(f"name must have 1 to {MAX_NAME} characters")
    if len(fields.description) > MAX_DESCRIPTION:
        raise BadRequest(f"description is longer than {MAX_DESCRIPTION} characters")
    return name, fields.description, parse_rules(fields.rules)


def _dumped(rules: list[Rule]) -> list[dict[str, Any]]:
    return [rule.model_dump(mode="json", exclude_none=True) for rule in rules]


def view_of(row: Workflow) -> WorkflowView:
    return WorkflowView(
        id=row.id,
        name=row.name,
        description=row.description,
        rules=[Rule.model_validate(r) for r in row.rules],
        version=row.version,
        created_at=rfc3339(row.created_at),
        updated_at=rfc3339(row.updated_at),
    )


def _keep_version(session: Session, row: Workflow) -> None:
    session.add(
        WorkflowVersion(
            workflow_id=row.id,
            version=row.version,
            name=row.name,
            description=row.description,
            rules=row.rules,
            created_at=row.updated_at,
        )
    )


def _create(settings: Settings, principal: Principal, fields: WorkflowFields) -> WorkflowView:
    if principal.account_id is None:
        raise NotFound("Workflow not found")
    name, description, rules = _checked(fields)
    with session_scope(settings) as session:
        count = session.exec(
            select(func.count()).select_from(owned_select(Workflow, principal).subquery())
        ).one()
        if count >= MAX_WORKFLOWS_PER_ACCOUNT:
            raise BadRequest(f"an account holds at most {MAX_WORKFLOWS_PER_ACCOUNT} workflows")
        row = Workflow(
            account_id=principal.account_id,
            name=name,
            description=description,
            rules=_dumped(rules),
        )
        session.add(row)
        session.flush()
        _keep_version(session, row)
        return view_of(row)


def _update(
    settings: Settings, principal: Principal, workflow_id: str, fields: WorkflowFields
) -> WorkflowView:
    name, description, rules = _checked(fields)
    with session_scope(settings) as session:
        row = get_owned(session, Workflow, workflow_id, principal, label="Workflow")
        row.name, row.description, row.rules = name, description, _dumped(rules)
        row.version += 1
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
        _keep_version(session, row)
        return view_of(row)


def _list(settings: Settings, principal: Principal, page: int, page_size: int) -> WorkflowPageView:
    page, page_size, offset = page_window(page, page_size)
    query = owned_select(Workflow, principal)
    with session_scope(settings) as session:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = session.exec(
            query.order_by(col(Workflow.created_at), col(Workflow.id))
            .offset(offset)
            .limit(page_size)
        ).all()
        return WorkflowPageView(
            workflows=[view_of(r) for r in rows], page=page, page_size=page_size, total=total
        )


def _get(settings: Settings, principal: Principal, workflow_id: str) -> WorkflowView:
    with session_scope(settings) as session:
        return view_of(get_owned(session, Workflow, workflow_id, principal, label="Workflow"))


def _delete(settings: Settings, principal: Principal, workflow_id: str) -> Notice:
    with session_scope(settings) as session:
        row = get_owned(session, Workflow, workflow_id, principal, label="Workflow")
        session.execute(delete(WorkflowVersion).where(col(WorkflowVersion.workflow_id) == row.id))
        session.execute(delete(Workflow).where(col(Workflow.id) == row.id))
    return Notice(msg="Workflow deleted")


def pinned(settings: Settings, principal: Principal, workflow_id: str) -> PinnedWorkflow:
    """The current version of the caller's workflow, for a review (``NotFound`` otherwise)."""
    with session_scope(settings) as session:
        row = get_owned(session, Workflow, workflow_id, principal, label="Workflow")
        return PinnedWorkflow(row.id, row.version, [Rule.model_validate(r) for r in row.rules])


async def create_workflow(
    principal: Principal, fields: WorkflowFields, *, settings: Settings | None = None
) -> WorkflowView:
    return await asyncio.to_thread(_create, settings or get_settings(), principal, fields)


async def update_workflow(
    principal: Principal,
    workflow_id: str,
    fields: WorkflowFields,
    *,
    settings: Settings | None = None,
) -> WorkflowView:
    return await asyncio.to_thread(
        _update, settings or get_settings(), principal, workflow_id, fields
    )


async def list_workflows(
    principal: Principal, page: int, page_size: int, *, settings: Settings | None = None
) -> WorkflowPageView:
    return await asyncio.to_thread(_list, settings or get_settings(), principal, page, page_size)


async def get_workflow(
    principal: Principal, workflow_id: str, *, settings: Settings | None = None
) -> WorkflowView:
    return await asyncio.to_thread(_get, settings or get_settings(), principal, workflow_id)


async def delete_workflow(
    principal: Principal, workflow_id: str, *, settings: Settings | None = None
) -> Notice:
    return await asyncio.to_thread(_delete, settings or get_settings(), principal, workflow_id)
