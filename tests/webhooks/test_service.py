"""WebhookService over the real grpc.aio server in process: each RPC with its REST statuses,
the SSRF guard at creation and at delivery, another account's webhooks are 404, and the
server's own delivery loop sends ``parse.completed`` (a single document) and
``batch.completed`` (a batch with a failed document) as the jobs end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from casgate.v1 import batch_pb2, batch_pb2_grpc, parse_pb2, parse_pb2_grpc, webhook_pb2
from casgate.v1 import webhook_pb2_grpc as stubs
from clients._errors import api_error
from core.accounts import create_key
from core.accounts.auth import authenticate
from tests.batch.conftest import POISON
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.statements import generate

from .conftest import DeliveryThread, webhook_settings
from .helpers import create, deliveries, emit, wait_until
from .receiver import Receiver


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    root = tmp_path_factory.mktemp("batch-root")
    running = start_server_thread(
        tmp_path_factory.mktemp("webhooks"),
        settings={
            "webhook_allow_private_urls": True,
            "webhook_retry_schedule": [0.3],
            "webhook_poll_seconds": 0.1,
            "batch_root": str(root),
        },
    )
    yield running
    running.stop()


def _status(call: object, request: object, key: str) -> int:
    try:
        call(request, metadata=(("x-api-key", key),))  # type: ignore[operator]
    except grpc.RpcError as error:
        return api_error(error).status
    return 200


def test_webhooks_over_grpc(server: ServerThread, receiver: Receiver) -> None:
    _, key = create_key("hooks", 10, settings=server.settings)
    _, other_key = create_key("other", 10, settings=server.settings)
    mine = (("x-api-key", key),)
    with grpc.insecure_channel(server.address) as channel:
        hooks = stubs.WebhookServiceStub(channel)
        made = hooks.CreateWebhook(
            webhook_pb2.CreateWebhookRequest(url=receiver.url, events=["parse.completed"]),
            metadata=mine,
        )
        assert made.secret.startswith("whsec_") and made.created_at.seconds > 0
        listed = hooks.ListWebhooks(webhook_pb2.ListWebhooksRequest(), metadata=mine)
        assert [h.id for h in listed.webhooks] == [made.id]
        assert not listed.webhooks[0].HasField("secret")  # shown once only
        got = hooks.GetWebhook(webhook_pb2.GetWebhookRequest(webhook_id=made.id), metadata=mine)
        assert (got.url, list(got.events), got.disabled) == (
            receiver.url,
            ["parse.completed"],
            False,
        )
        rotated = hooks.RotateWebhookSecret(
            webhook_pb2.RotateWebhookSecretRequest(webhook_id=made.id, overlap_seconds=60),
            metadata=mine,
        )
        assert rotated.secret not in ("", made.secret)
        assert rotated.previous_secret_expires_at.seconds > 0
        log = hooks.ListWebhookDeliveries(
            webhook_pb2.ListWebhookDeliveriesRequest(webhook_id=made.id), metadata=mine
        )
        assert list(log.deliveries) == []
        enable = webhook_pb2.EnableWebhookRequest(webhook_id=made.id)
        enabled = hooks.EnableWebhook(enable, metadata=mine)  # enabled already: unchanged
        assert (enabled.id, enabled.disabled, enabled.HasField("secret")) == (made.id, False, False)

        bad_events = webhook_pb2.CreateWebhookRequest(url=receiver.url, events=["made.up"])
        assert _status(hooks.CreateWebhook, bad_events, key) == 400
        no_events = webhook_pb2.CreateWebhookRequest(url=receiver.url)
        assert _status(hooks.CreateWebhook, no_events, key) == 400
        for url in ("ftp://example.com/hook", "http:///nohost", "not a url"):
            request = webhook_pb2.CreateWebhookRequest(url=url, events=["parse.completed"])
            assert _status(hooks.CreateWebhook, request, key) == 400, url
        too_long = webhook_pb2.RotateWebhookSecretRequest(webhook_id=made.id, overlap_seconds=10**7)
        assert _status(hooks.RotateWebhookSecret, too_long, key) == 400
        assert _status(hooks.ListWebhooks, webhook_pb2.ListWebhooksRequest(), "wrong") == 401

        # another account's webhook does not exist for it
        theirs = [
            (hooks.GetWebhook, webhook_pb2.GetWebhookRequest(webhook_id=made.id)),
            (hooks.DeleteWebhook, webhook_pb2.DeleteWebhookRequest(webhook_id=made.id)),
            (
                hooks.RotateWebhookSecret,
                webhook_pb2.RotateWebhookSecretRequest(webhook_id=made.id),
            ),
            (
                hooks.ListWebhookDeliveries,
                webhook_pb2.ListWebhookDeliveriesRequest(webhook_id=made.id),
            ),
            (hooks.EnableWebhook, enable),
            (
                hooks.RedeliverWebhookDelivery,
                webhook_pb2.RedeliverWebhookDeliveryRequest(webhook_id=made.id, delivery_id="x"),
            ),
        ]
        for call, request in theirs:
            assert _status(call, request, other_key) == 404, call
        other_list = hooks.ListWebhooks(
            webhook_pb2.ListWebhooksRequest(), metadata=(("x-api-key", other_key),)
        )
        assert list(other_list.webhooks) == []

        gone = webhook_pb2.DeleteWebhookRequest(webhook_id=made.id)
        assert hooks.DeleteWebhook(gone, metadata=mine).status == "success"
        assert (
            _status(hooks.GetWebhook, webhook_pb2.GetWebhookRequest(webhook_id=made.id), key) == 404
        )


def test_private_targets_are_refused_at_creation_and_at_delivery(
    tmp_path: Path, database_url: str, receiver: Receiver
) -> None:
    strict = webhook_settings(database_url, tmp_path, webhook_allow_private_urls=False)
    _, key = create_key("strict", 10, settings=strict)
    principal = authenticate(key, None, settings=strict)
    for url in (
        receiver.url,
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/hook",
        "http://[::ffff:127.0.0.1]:80/hook",
        "http://localhost/hook",
    ):
        with pytest.raises(Exception) as refused:
            create(strict, principal, url)
        assert getattr(refused.value, "http_status", None) == 400, url
        assert "not allowed" in str(refused.value)
    # created while loopback was allowed; the deliverer no longer allows it (a name that
    # resolves somewhere private by the time of the delivery is the same case)
    lenient = webhook_settings(database_url, tmp_path, webhook_allow_private_urls=True)
    hook = create(lenient, principal, receiver.url)
    delivering = DeliveryThread(strict).start()
    try:
        emit(strict, principal, "job-ssrf")
        (pending,) = wait_until(
            lambda: [d for d in deliveries(strict, principal, hook.id) if d.attempt_log]
        )
    finally:
        delivering.stop()
    assert "not allowed" in (pending.attempt_log[0].error or "")
    assert pending.attempt_log[0].response_code == 0
    assert receiver.received == []


def test_the_server_sends_parse_and_batch_events(server: ServerThread) -> None:
    info, key = create_key("events", 100, settings=server.settings)
    mine = (("x-api-key", key),)
    root = Path(server.settings.batch_root)
    (root / info.account_id).mkdir()
    statement = generate(issuer="CAMS", variant="SUMMARY", seed=3, pages=1, encryption=None)
    (root / info.account_id / "good.pdf").write_bytes(statement.pdf)
    (root / info.account_id / "poison.pdf").write_bytes(POISON)
    receiver = Receiver().start()
    try:
        principal = authenticate(key, None, settings=server.settings)
        hook = create(
            server.settings, principal, receiver.url, ["parse.completed", "batch.completed"]
        )
        receiver.secrets = [hook.secret or ""]
        with grpc.insecure_channel(server.address) as channel:
            parse_pb2_grpc.ParseServiceStub(channel).ProcessDocument(
                parse_pb2.ProcessDocumentRequest(file=statement.pdf, filename="april.pdf"),
                metadata=mine,
            )
            batches = batch_pb2_grpc.BatchServiceStub(channel)
            started = batches.StartBatch(
                batch_pb2.StartBatchRequest(
                    name="nightly",
                    sources=[batch_pb2.BatchSource(path="good.pdf"),
                             batch_pb2.BatchSource(path="poison.pdf")],
                ),
                metadata=mine,
            )  # fmt: skip
        parsed, finished = receiver.wait_for(2, timeout=120)
    finally:
        receiver.stop()
    assert parsed.verified and finished.verified
    single = parsed.json
    assert single["event"] == "parse.completed"
    assert single["data"]["filename"] == "april.pdf"
    assert single["data"]["result"]["status"] == "completed"
    assert single["data"]["result"]["document_type"] == "CAMS_KFINTECH"
    assert single["data"]["result"]["statement"]
    batch = finished.json
    assert batch["event"] == "batch.completed"
    assert batch["data"]["job_id"] == started.job_id
    assert batch["data"]["filename"] == "nightly"
    result = batch["data"]["result"]
    assert (result["status"], result["done"], result["failed"]) == ("completed", 1, 1)
    assert [d["status"] for d in result["documents"]] == ["completed", "failed"]


def test_a_v4_parse_sends_parse_completed_with_its_history_document(
    server: ServerThread,
) -> None:
    _, key = create_key("v4-events", 100, settings=server.settings)
    statement = generate(issuer="KFINTECH", variant="SUMMARY", seed=5, pages=1, encryption=None)
    receiver = Receiver().start()
    try:
        principal = authenticate(key, None, settings=server.settings)
        hook = create(server.settings, principal, receiver.url, ["parse.completed"])
        receiver.secrets = [hook.secret or ""]
        with grpc.insecure_channel(server.address) as channel:
            parse_pb2_grpc.ParseServiceStub(channel).SmartParse(
                parse_pb2.SmartParseRequest(pdf_file=statement.pdf),
                metadata=(("x-api-key", key),),
            )
        (delivered,) = receiver.wait_for(1, timeout=120)
    finally:
        receiver.stop()
    assert delivered.verified
    body = delivered.json
    assert body["event"] == "parse.completed"
    result = body["data"]["result"]
    assert result["status"] == "completed"
    assert result["document_id"] and body["data"]["job_id"] == result["document_id"]
    investor = result["statement"]["investor"]
    assert investor["name"] == statement.truth["investor"]["name"]
