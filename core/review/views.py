"""What review answers: checks per rule, workflows and their pages."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from core.review.rules import Rule
from core.views import View


class CheckView(View):
    """One rule's outcome: what the document had (``observed``), what the rule wanted
    (``expected``), and where the observed value was printed."""

    rule_id: str
    description: str
    kind: str
    passed: bool
    observed: Any = None
    expected: Any = None
    page: int | None = None
    bbox: list[float] = Field(default_factory=list)
    reason: str = ""
    checks: list[CheckView] = Field(default_factory=list)


class ReviewResultView(View):
    passed: bool
    checks: list[CheckView]
    workflow_version: int
    document_type: str


class ReviewJobView(View):
    """The answer of ``POST /v1/review``."""

    job_id: str
    workflow_id: str
    workflow_version: int
    filename: str
    status: str
    result: ReviewResultView | None = None


class WorkflowView(View):
    id: str
    name: str
    description: str
    rules: list[Rule]
    version: int
    created_at: str
    updated_at: str


class WorkflowPageView(View):
    workflows: list[WorkflowView]
    page: int
    page_size: int
    total: int
