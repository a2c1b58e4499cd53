"""Error bodies from the gateway never expose gRPC internals (limits, header sizes)."""

from __future__ import annotations

import httpx

from tests.conftest import OPERATOR_KEY, Stack


def test_oversized_headers_get_a_plain_413(stack: Stack) -> None:
    # gRPC refuses metadata between its soft and hard limits at random, more often the
    # larger it is: ask until it does
    refusals = []
    for _ in range(40):
        response = httpx.post(
            f"{stack.url}/v1/credits",
            headers={"x-api-key": OPERATOR_KEY, "x-padding": "p" * 15_000},
            json={},
            timeout=60,
        )
        if response.status_code == 413:
            refusals.append(response.json())
            if len(refusals) == 3:
                break
    assert refusals, "gRPC never refused the oversized metadata"
    for body in refusals:
        assert body["status"] == "failed" and "too large" in body["msg"]
        for internal in ("soft limit", "8192", "x-padding", "x-api-key", ":path"):
            assert internal not in body["msg"]


def test_casgate_s_own_413_keeps_its_message(stack: Stack) -> None:
    limit = stack.server.settings.max_upload_bytes
    response = httpx.post(
        f"{stack.url}/v4/smart/parse",
        headers={"x-api-key": OPERATOR_KEY},
        files={"pdf_file": ("big.pdf", b"%PDF-1.4\n" + bytes(limit))},
        timeout=120,
    )
    assert response.status_code == 413, response.text
    assert str(limit) in response.json()["msg"]
