"""Sample answers for the sandbox key (``sandbox-with-json-responses``).

Every endpoint answers the sandbox with realistic data of its documented shape, without a PDF
and without touching anyone's account. Samples are keyed by gRPC ``Service/Method`` and shaped
like the response messages (the sandbox's only answers: core has none of its own); the CAMS
sample was produced by the real parser from a generated statement (see ``tests/statements``).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from core.analytics import analyse
from core.models.unified import UnifiedResponse

from .samples import SAMPLES


@cache
def _cams_statement() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("cams_kfintech.json").read_text("utf-8")
    return dict(json.loads(text))


@cache
def _cams_analytics() -> dict[str, Any]:
    """The analytics of the CAMS sample, computed by core from the very statement the sandbox's
    parse answers (so the two samples agree)."""
    view = analyse(UnifiedResponse.model_validate(_cams_statement()))
    return view.model_dump(mode="json", exclude_none=True)


def sample_for(method: str) -> dict[str, Any] | None:
    """A fresh copy of the sample answer of ``Service/Method``, or None when there is none."""
    if method in ("ParseService/SmartParse", "ParseService/ParseCamsKfintech"):
        return copy.deepcopy(_cams_statement())
    if method == "AnalyticsService/Analyse":
        return copy.deepcopy(_cams_analytics())
    sample = SAMPLES.get(method)
    return copy.deepcopy(sample) if sample is not None else None


def sample_events(job_id: str) -> list[dict[str, Any]]:
    """The progress events of a finished two-document sample batch."""
    at = "2025-04-02T09:30:0{}Z"
    base = {"job_id": job_id, "total": 2}
    steps = [
        ("snapshot", None, 0, 0.0),
        ("started", None, 0, 0.0),
        ("document_started", "statements/cas_april.pdf", 0, 0.0),
        ("document_finished", "statements/cas_april.pdf", 1, 50.0),
        ("document_started", "statements/ecas_march.pdf", 1, 50.0),
        ("document_finished", "statements/ecas_march.pdf", 2, 100.0),
        ("completed", None, 2, 100.0),
    ]
    return [
        {**base, "seq": seq, "type": kind, "done": done, "failed": 0, "percent": percent,
         "at": at.format(seq), **({"source": source} if source else {})}
        for seq, (kind, source, done, percent) in enumerate(steps, start=1)
    ]  # fmt: skip
