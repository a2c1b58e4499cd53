"""What extraction answers: the result of one document and the jobs that produce it."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from core.review.views import ReviewResultView
from core.views import View


class TableView(View):
    """One table; ``bbox`` is ``[x0, top, x1, bottom]`` in points from its first page's
    top-left corner."""

    page: int
    end_page: int
    bbox: list[float]
    header: list[str]
    rows: list[list[str]]
    confidence: float
    strategy: str


class FieldView(View):
    """One typed field, with where it was printed (``page`` is absent for a parsed statement's
    field that could not be located in the text)."""

    value: Any
    type: str
    raw: str
    page: int | None = None
    bbox: list[float] = Field(default_factory=list)
    source: str


class DroppedFieldView(View):
    path: str
    value: Any
    reason: str


class SchemaFieldsView(View):
    """The fields an LLM filled from a JSON Schema, after the checks."""

    valid: bool
    values: dict[str, Any] = Field(default_factory=dict)
    dropped: list[DroppedFieldView] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)
    unavailable: str = ""


class ExtractionResultView(View):
    document_type: str
    cas_type: str | None = None
    pages: int
    text_by_page: list[str]
    tables: list[TableView]
    fields: dict[str, FieldView]
    tags: list[str]
    ocr_used: bool
    schema_fields: SchemaFieldsView | None = None


class ExtractJobView(View):
    """The answer of ``POST /v1/extract``: the finished job, or the queued one."""

    job_id: str
    filename: str
    status: str
    result: ExtractionResultView | None = None


class JobView(View):
    """``GET /v1/jobs/{job_id}``: an extraction or review job and, once done, its result."""

    job_id: str
    kind: str
    status: str
    filename: str
    mode: str
    workflow_id: str | None = None
    workflow_version: int | None = None
    error: str | None = None
    error_status: int | None = None
    result: ExtractionResultView | None = None
    review: ReviewResultView | None = None
    created_at: str
    finished_at: str | None = None
