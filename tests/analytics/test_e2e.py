"""POST /v4/analytics through the real Envoy: the JSON body (base64 PDF) and the multipart form
reach the same analysis, printed as the transcoder prints it (XIRR a percentage)."""

from __future__ import annotations

import base64

import httpx
import pytest

from core.analytics import analyse
from core.models.unified import UnifiedResponse
from tests.analytics.lifetime import statement
from tests.conftest import OPERATOR_KEY, Stack

pytestmark = pytest.mark.e2e


def test_analytics_over_rest_json_and_multipart(stack: Stack) -> None:
    cas = statement(3, pdf=True)
    assert cas.pdf is not None
    truth = analyse(UnifiedResponse.model_validate(cas.truth))
    auth = {"x-api-key": OPERATOR_KEY}
    body = {"pdf_file": base64.b64encode(cas.pdf).decode()}
    as_json = httpx.post(f"{stack.url}/v4/analytics", json=body, headers=auth, timeout=60)
    assert as_json.status_code == 200, as_json.text
    as_form = httpx.post(
        f"{stack.url}/v4/analytics",
        files={"pdf_file": ("cas.pdf", cas.pdf, "application/pdf")},
        data={"password": ""},
        headers=auth,
        timeout=60,
    )
    assert as_form.status_code == 200, as_form.text
    answer = as_json.json()
    assert as_form.json() == answer
    assert list(answer) == ["returns", "capital_gains", "allocation", "warnings"]
    portfolio = answer["returns"]["portfolio"]
    assert portfolio["xirr"] == truth.returns.portfolio.xirr
    assert portfolio["current_value"] == float(truth.returns.portfolio.current_value)
    schemes = answer["returns"]["schemes"]
    assert [(s["folio"], s["isin"], s["xirr"]) for s in schemes] == [
        (s.folio, s.isin, s.xirr) for s in truth.returns.schemes
    ]
    gains = answer["capital_gains"]["transactions"]
    assert [g["gain"] for g in gains] == [float(t.gain) for t in truth.capital_gains.transactions]

    missing = httpx.post(f"{stack.url}/v4/analytics", json={}, headers=auth, timeout=60)
    assert missing.status_code == 400
    assert "document_id" in missing.text
