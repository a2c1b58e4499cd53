"""The typed clients' webhook, tag, inbound e-mail and history methods against the real
grpc.aio server in process: each returns the message its RPC answers, another tenant's resources
are 404 (``ApiError``), and the asyncio twin answers as the blocking client does."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from clients import ApiError, AsyncClient, Client
from core.accounts import create_key
from core.accounts.auth import authenticate
from core.db import session_scope
from core.webhooks.outbox import record_event
from tests.conftest import start_server_thread
from tests.harness import ServerThread
from tests.statements import generate
from tests.webhooks.receiver import Receiver


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    running = start_server_thread(
        tmp_path_factory.mktemp("typed-client"),
        settings={
            "webhook_allow_private_urls": True,
            "webhook_poll_seconds": 0.1,
            "inbound_email_domain": "in.casgate.test",
        },
    )
    yield running
    running.stop()


def _key(server: ServerThread, name: str) -> str:
    return create_key(name, 100, settings=server.settings)[1]


def _emit(server: ServerThread, key: str, job_id: str) -> None:
    """What a job of the key's account does when it ends."""
    account_id = authenticate(key, None, settings=server.settings).account_id
    assert account_id is not None
    with session_scope(server.settings) as session:
        record_event(
            session,
            account_id=account_id,
            event="extraction.completed",
            data={"job_id": job_id, "filename": f"{job_id}.pdf", "result": {"pages": 1}},
        )


def _status(call: object, *args: object, **kwargs: object) -> int:
    assert callable(call)
    with pytest.raises(ApiError) as refused:
        call(*args, **kwargs)
    return refused.value.status


def test_webhooks_through_the_typed_client(server: ServerThread, receiver: Receiver) -> None:
    mine, theirs = _key(server, "hooks"), _key(server, "other hooks")
    with Client(server.address, api_key=mine) as casgate:
        hook = casgate.create_webhook(receiver.url, ["extraction.completed"])
        assert hook.secret and hook.url == receiver.url
        assert list(hook.events) == ["extraction.completed"]
        receiver.secrets = [hook.secret]
        assert [w.id for w in casgate.list_webhooks().webhooks] == [hook.id]
        assert casgate.get_webhook(hook.id).url == receiver.url
        assert not casgate.get_webhook(hook.id).secret  # shown once, at creation

        _emit(server, mine, "job-1")
        (arrived,) = receiver.wait_for(1)
        assert arrived.verified
        deliveries = casgate.list_webhook_deliveries(hook.id).deliveries
        assert [d.webhook_id for d in deliveries] == [hook.id]
        again = casgate.redeliver_webhook_delivery(hook.id, deliveries[0].id)
        assert again.webhook_id == hook.id and again.id != deliveries[0].id
        assert len(receiver.wait_for(2)) == 2

        rotated = casgate.rotate_webhook_secret(hook.id, overlap_seconds=0)
        assert rotated.secret and rotated.secret != hook.secret
        assert casgate.enable_webhook(hook.id).id == hook.id

        with Client(server.address, api_key=theirs) as stranger:
            assert stranger.list_webhooks().webhooks == []
            assert _status(stranger.get_webhook, hook.id) == 404
            assert _status(stranger.list_webhook_deliveries, hook.id) == 404
            assert _status(stranger.delete_webhook, hook.id) == 404

        assert casgate.delete_webhook(hook.id).status == "success"
        assert _status(casgate.get_webhook, hook.id) == 404
        assert _status(casgate.create_webhook, "ftp://example.com/", ["x"]) == 400


def test_history_through_the_typed_client(server: ServerThread) -> None:
    mine, theirs = _key(server, "history"), _key(server, "other history")
    made = generate(issuer="CAMS", variant="DETAILED", seed=11, pages=2)
    with Client(server.address, api_key=mine) as casgate:
        statement = casgate.parse(made.pdf, password=made.password)
        (document,) = casgate.list_documents().documents
        assert casgate.get_document(document.id).id == document.id
        text = casgate.get_document_text(document.id)
        assert text.document_id == document.id and text.pages == 2
        name = statement.investor.name  # a parse keeps its fields, searchable, not its text
        assert name
        found = casgate.search_documents(name.split()[0]).documents
        assert [d.id for d in found] == [document.id]
        assert casgate.get_stats().documents == 1
        assert casgate.list_jobs().jobs == []
        assert _status(casgate.get_job, "f" * 32) == 404
        assert _status(casgate.delete_job, "f" * 32) == 404
        assert _status(casgate.get_searchable_pdf, document.id) == 404  # it was not OCR'd

        with Client(server.address, api_key=theirs) as stranger:
            assert stranger.list_documents().documents == []
            assert stranger.get_stats().documents == 0
            assert _status(stranger.get_document, document.id) == 404
            assert _status(stranger.get_document_text, document.id) == 404
            assert _status(stranger.get_searchable_pdf, document.id) == 404

        async def the_same_through_asyncio() -> tuple[str, list[str], int, list[object]]:
            async with AsyncClient(server.address, api_key=mine) as twin:
                listed = await twin.list_documents()
                read = await twin.get_document_text(document.id)
                stats = await twin.get_stats()
                hooks = await twin.list_webhooks()
                pages = list(read.page_texts)
                return listed.documents[0].id, pages, stats.documents, list(hooks.webhooks)

        twin = asyncio.run(the_same_through_asyncio())
        assert twin == (document.id, list(text.page_texts), 1, [])


def test_tags_through_the_typed_client(server: ServerThread) -> None:
    mine, theirs = _key(server, "tags"), _key(server, "other tags")
    made = generate(issuer="CAMS", variant="DETAILED", seed=13, pages=2)
    with Client(server.address, api_key=mine) as casgate:
        casgate.parse(made.pdf, password=made.password)
        (document,) = casgate.list_documents().documents
        tag = casgate.create_tag("Statements", match_algorithm="any", match="folio")
        assert (tag.name, tag.match_algorithm, tag.match) == ("Statements", "any", "folio")
        assert [t.id for t in casgate.list_tags().tags] == [tag.id]

        renamed = casgate.update_tag(tag.id, name="Mutual funds")
        assert (renamed.name, renamed.match) == ("Mutual funds", "folio")  # the rest stays
        assert _status(casgate.create_tag, "Broken", match_algorithm="astrology") == 400

        given = casgate.set_document_tags(document.id, ["Mutual funds"])
        assert [(t.name, t.confirmed) for t in given.tags] == [("Mutual funds", True)]
        read = casgate.get_document_tags(document.id)
        assert [t.name for t in read.tags] == ["Mutual funds"]

        with Client(server.address, api_key=theirs) as stranger:
            assert stranger.list_tags().tags == []
            assert _status(stranger.update_tag, tag.id, name="Mine") == 404
            assert _status(stranger.get_document_tags, document.id) == 404
            assert _status(stranger.set_document_tags, document.id, ["x"]) == 404
            assert _status(stranger.delete_tag, tag.id) == 404

        assert casgate.delete_tag(tag.id).status == "success"
        assert casgate.list_tags().tags == []
        assert casgate.get_document_tags(document.id).tags == []

        async def listed_through_asyncio() -> list[str]:
            async with AsyncClient(server.address, api_key=mine) as twin:
                made_there = await twin.create_tag("Async")
                return [t.id for t in (await twin.list_tags()).tags if t.id == made_there.id]

        assert len(asyncio.run(listed_through_asyncio())) == 1


def test_inbound_email_addresses_through_the_typed_client(server: ServerThread) -> None:
    mine, theirs = _key(server, "inbound"), _key(server, "other inbound")
    with Client(server.address, api_key=mine) as casgate:
        made = casgate.create_inbound_email(
            alias="Typed-Client",
            allowed_sources=["cdsl"],
            metadata={"plan": "gold"},
            reference="user-7",
            password="ABCDE1234F",
        )
        assert made.email == "typed-client@in.casgate.test"
        assert (list(made.allowed_sources), dict(made.metadata)) == (["cdsl"], {"plan": "gold"})
        assert made.has_password and made.reference == "user-7"
        listed = casgate.list_inbound_emails()
        assert listed.total == 1
        assert [e.inbound_email_id for e in listed.inbound_emails] == [made.inbound_email_id]
        assert casgate.get_inbound_email(made.inbound_email_id).email == made.email
        assert casgate.list_inbound_email_files(made.inbound_email_id).count == 0
        assert _status(casgate.create_inbound_email, allowed_sources=["bank"]) == 400

        with Client(server.address, api_key=theirs) as stranger:
            assert _status(stranger.create_inbound_email, alias="typed-client") == 409
            assert stranger.list_inbound_emails().total == 0
            for call in (
                stranger.get_inbound_email,
                stranger.list_inbound_email_files,
                stranger.delete_inbound_email,
            ):
                assert _status(call, made.inbound_email_id) == 404

        async def listed_through_asyncio() -> int:
            async with AsyncClient(server.address, api_key=mine) as twin:
                return (await twin.list_inbound_emails()).total

        assert asyncio.run(listed_through_asyncio()) == 1
        assert casgate.delete_inbound_email(made.inbound_email_id).status == "success"
        assert _status(casgate.get_inbound_email, made.inbound_email_id) == 404
