"""``POST /v1/review``: extraction of the document, then the workflow's rules (the version
current when the review was asked for) over the result."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from core.errors import BadRequest
from core.extraction.models import JobKind
from core.extraction.modes import mode_of
from core.extraction.service import Caller, extraction_result, start
from core.extraction.source import Source, pdf_of
from core.isolation import WorkerPool
from core.review.evaluate import review as evaluate
from core.review.views import ReviewJobView, ReviewResultView
from core.review.workflows import PinnedWorkflow, pinned
from core.settings import Settings

FEATURE = "review"


async def _review_result(
    data: bytes,
    password: str | None,
    filename: str,
    workflow: PinnedWorkflow,
    account_id: str | None,
    settings: Settings,
    pool: WorkerPool,
) -> dict[str, Any]:
    extracted = await extraction_result(data, password, filename, None, account_id, settings, pool)
    passed, checks = evaluate(extracted, workflow.rules, datetime.now(UTC).date())
    return ReviewResultView(
        passed=passed,
        checks=checks,
        workflow_version=workflow.version,
        document_type=extracted["document_type"],
    ).model_dump(mode="json", exclude_none=True)


async def review(
    caller: Caller,
    source: Source,
    workflow_id: str,
    *,
    mode: str = "",
    password: str | None = None,
    settings: Settings,
    pool: WorkerPool,
) -> ReviewJobView:
    chosen = mode_of(mode)
    if not workflow_id.strip():
        raise BadRequest("workflow_id is required")
    workflow = await asyncio.to_thread(pinned, settings, caller.principal, workflow_id)
    data, filename = await pdf_of(source, caller.principal, settings)

    async def work() -> dict[str, Any]:
        return await _review_result(
            data, password, filename, workflow, caller.principal.account_id, settings, pool
        )

    job_id, result = await start(
        caller,
        FEATURE,
        JobKind.REVIEW,
        chosen,
        filename,
        work,
        settings,
        workflow=(workflow.id, workflow.version),
    )
    return ReviewJobView(
        job_id=job_id,
        workflow_id=workflow.id,
        workflow_version=workflow.version,
        filename=filename,
        status="queued" if result is None else "completed",
        result=ReviewResultView.model_validate(result) if result is not None else None,
    )
