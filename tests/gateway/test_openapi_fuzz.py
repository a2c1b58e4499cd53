"""schemathesis against the real gateway, driven by the committed OpenAPI document: a few
generated requests per operation with the sandbox key (no PDFs needed), and every answer must
be no server error and match its documented schema (the error body included)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.conftest import Stack, start_stack

pytestmark = pytest.mark.e2e

DOCUMENT = Path(__file__).resolve().parents[2] / "gateway" / "openapi.json"
SANDBOX = {"x-api-key": "sandbox-with-json-responses"}


@pytest.fixture(scope="module")
def sandbox_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("fuzz"), settings={"sandbox_rate_limit_per_minute": 100_000}
    )
    yield running
    running.stop()


def test_answers_match_the_document(sandbox_stack: Stack) -> None:
    api = schemathesis.openapi.from_path(DOCUMENT)
    api.config.update(base_url=sandbox_stack.url)
    operations = [result.ok() for result in api.get_all_operations()]
    checked = 0
    for operation in operations:
        if operation.path.endswith("/events"):  # endless streams
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: schemathesis.Case) -> None:
            response = case.call(headers=SANDBOX, timeout=30)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        call()
        checked += 1
    assert checked > 40
