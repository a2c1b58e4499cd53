"""``POST /v1/extract``: a job that reads the PDF in the worker pool, tags it, fills the
request's JSON Schema when it carried one, and answers in the requested mode."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from typing import Any

from core.accounts.credits import reserve, settle
from core.accounts.principal import Principal
from core.extraction.jobs import create_job
from core.extraction.models import JobKind, Mode
from core.extraction.modes import mode_of
from core.extraction.read import read_in_worker
from core.extraction.runner import Work, run_job
from core.extraction.schema import check_schema, fill_schema
from core.extraction.source import Source, pdf_of
from core.extraction.views import ExtractionResultView, ExtractJobView
from core.isolation import WorkerPool
from core.settings import Settings
from core.tagging import TagPipeline

FEATURE = "extraction"


@dataclass(frozen=True)
class Caller:
    """Who asks, and the request's id and path (for the usage log)."""

    principal: Principal
    request_id: str = ""
    path: str = ""


def _tags(
    settings: Settings, account_id: str, filename: str, doc_type: str, text: str
) -> list[str]:
    tagged = TagPipeline(settings).run(account_id, filename, doc_type, text)
    return [assignment.name for assignment in tagged.assignments]


async def extraction_result(
    data: bytes,
    password: str | None,
    filename: str,
    schema: dict[str, Any] | None,
    account_id: str | None,
    settings: Settings,
    pool: WorkerPool,
) -> dict[str, Any]:
    """The whole extraction result of one PDF, as the contract's dict."""
    result = await read_in_worker(data, password, pool=pool, settings=settings)
    text = "\n".join(result["text_by_page"])
    if account_id is not None:
        result["tags"] = await asyncio.to_thread(
            _tags, settings, account_id, filename, result["document_type"], text
        )
    if schema is not None:
        result["schema_fields"] = await asyncio.to_thread(
            fill_schema, schema, text, settings, account_id
        )
    return ExtractionResultView.model_validate(result).model_dump(mode="json", exclude_none=True)


async def start(
    caller: Caller,
    feature: str,
    kind: JobKind,
    mode: Mode,
    filename: str,
    work: Work,
    settings: Settings,
    workflow: tuple[str, int] | None = None,
) -> tuple[str, dict[str, Any] | None]:
    """Reserve the feature's credits (402 before anything is queued), create the job and run
    it: (job id, its result in response mode)."""
    charge = await asyncio.to_thread(
        reserve,
        caller.principal,
        feature,
        request_id=caller.request_id,
        path=caller.path,
        settings=settings,
    )
    try:
        job_id = await asyncio.to_thread(
            create_job, settings, caller.principal, kind, mode, filename, workflow
        )
    except BaseException as exc:
        await asyncio.shield(asyncio.to_thread(settle, charge, error=exc, settings=settings))
        raise
    return job_id, await run_job(settings, job_id, mode, work, charge)


async def extract(
    caller: Caller,
    source: Source,
    *,
    mode: str = "",
    password: str | None = None,
    schema: dict[str, Any] | None = None,
    settings: Settings,
    pool: WorkerPool,
) -> ExtractJobView:
    chosen = mode_of(mode)
    if schema is not None:
        check_schema(schema)
    data, filename = await pdf_of(source, caller.principal, settings)
    work = partial(
        extraction_result,
        data,
        password,
        filename,
        schema,
        caller.principal.account_id,
        settings,
        pool,
    )
    job_id, result = await start(
        caller, FEATURE, JobKind.EXTRACTION, chosen, filename, work, settings
    )
    if result is None:
        return ExtractJobView(job_id=job_id, filename=filename, status="queued")
    return ExtractJobView(
        job_id=job_id,
        filename=filename,
        status="completed",
        result=ExtractionResultView.model_validate(result),
    )
