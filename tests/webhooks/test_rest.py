"""The webhook REST surface through the real Envoy gateway: the paths and bodies of the REST
contract, the secret shown only at creation and rotation, re-enabling, a delivery that arrives
signed and shows in the delivery log, a redelivery, and the error bodies (400, 404)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from core.accounts import create_key
from tests.conftest import Stack, start_stack
from tests.statements import generate

from .helpers import wait_until
from .receiver import Receiver

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("webhooks-rest"),
        settings={"webhook_allow_private_urls": True, "webhook_poll_seconds": 0.1},
    )
    yield running
    running.stop()


def test_webhooks_over_rest(stack: Stack, receiver: Receiver) -> None:
    _, key = create_key("rest", 10, settings=stack.server.settings)
    _, other = create_key("other", 10, settings=stack.server.settings)
    with httpx.Client(base_url=stack.url, headers={"x-api-key": key}, timeout=30) as http:
        made = http.post("/v1/webhooks", json={"url": receiver.url, "events": ["parse.completed"]})
        assert made.status_code == 200, made.text
        hook = made.json()
        assert set(hook) >= {"id", "url", "events", "secret", "created_at"}
        assert hook["events"] == ["parse.completed"]
        listed = http.get("/v1/webhooks").json()["webhooks"]
        assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]
        rotated = http.post(f"/v1/webhooks/{hook['id']}/rotate-secret", json={})
        assert rotated.status_code == 200 and rotated.json()["secret"] != hook["secret"]
        receiver.secrets = [rotated.json()["secret"], hook["secret"]]
        enabled = http.post(f"/v1/webhooks/{hook['id']}/enable", json={})  # enabled: unchanged
        assert enabled.status_code == 200 and enabled.json()["id"] == hook["id"]
        assert "secret" not in enabled.json() and not enabled.json().get("disabled")
        their_enable = http.post(
            f"/v1/webhooks/{hook['id']}/enable", json={}, headers={"x-api-key": other}
        )
        assert their_enable.status_code == 404

        bad = http.post("/v1/webhooks", json={"url": receiver.url, "events": ["nope"]})
        assert bad.status_code == 400 and bad.json()["status"] == "failed"
        assert "events must be one or more of" in bad.json()["msg"]
        theirs = http.get(f"/v1/webhooks/{hook['id']}", headers={"x-api-key": other})
        assert theirs.status_code == 404 and theirs.json()["status"] == "failed"

        # a document processed now sends parse.completed
        pdf = generate(issuer="CAMS", variant="SUMMARY", seed=5, pages=1, encryption=None).pdf
        processed = http.post("/api/single/process", files={"file": ("may.pdf", pdf)})
        assert processed.status_code == 200, processed.text
        (got,) = receiver.wait_for(1, timeout=120)
        assert got.verified and got.json["data"]["filename"] == "may.pdf"
        log = wait_until(
            lambda: [
                d
                for d in http.get(f"/v1/webhooks/{hook['id']}/deliveries").json()["deliveries"]
                if d["status"] == "succeeded"
            ]
        )
        (delivery,) = log
        assert delivery["message_id"] == got.headers["webhook-id"]
        assert delivery["attempt_log"][0]["response_code"] == 200
        replay = http.post(
            f"/v1/webhooks/{hook['id']}/deliveries/{delivery['id']}/redeliver", json={}
        )
        assert replay.status_code == 200 and replay.json()["status"] == "pending"
        receiver.wait_for(2)
        assert receiver.duplicates == 1
        gone = http.delete(f"/v1/webhooks/{hook['id']}")
        assert gone.json() == {"status": "success", "msg": "Webhook deleted"}
        assert http.get(f"/v1/webhooks/{hook['id']}/deliveries").status_code == 404
