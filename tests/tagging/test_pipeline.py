"""The pipeline: rules, the account's classifier (trained in the background on confirmed
documents only, retrained when stale or written by another scikit-learn version) and the LLM,
each tag with its source and confidence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from core.db import session_scope
from core.settings import Settings
from core.tagging import TagFields, TagPipeline, create_tag, set_document_tags
from core.tagging.classifier import current_version
from core.tagging.health import classifier_check, llm_check
from core.tagging.models import LlmCall, TagModel
from core.tagging.training import current_model, wait_for_training
from tests.batch.conftest import Account
from tests.tagging.corpus import TAGS, corpus, document
from tests.tagging.fake_openrouter import KEY, FakeOpenRouter
from tests.tagging.helpers import store


@pytest.fixture
def fake() -> Iterator[FakeOpenRouter]:
    server = FakeOpenRouter().start()
    yield server
    server.close()


async def _teach(settings: Settings, account: Account, count: int, start: int = 0) -> None:
    """Store ``count`` labelled documents and confirm their tags, as a user would."""
    for labelled in corpus(count, start):
        doc_id = store(settings, account.principal.account_id or "", labelled)
        await set_document_tags(account.principal, doc_id, sorted(labelled.tags), settings=settings)
    wait_for_training()


def _stored_model(settings: Settings, account_id: str) -> TagModel | None:
    with session_scope(settings) as session:
        return session.get(TagModel, account_id)


async def test_classifier_learns_confirmed_documents(settings: Settings, account: Account) -> None:
    account_id = account.principal.account_id or ""
    for name in TAGS:
        await create_tag(account.principal, TagFields(name=name), settings=settings)
    pipeline = TagPipeline(settings)
    unseen = document(10_001)
    assert pipeline.run(account_id, unseen.filename, "UNKNOWN", unseen.text).assignments == []

    # unconfirmed documents teach nothing
    for labelled in corpus(16, 500):
        store(settings, account_id, labelled)
    assert current_model(settings, account_id) is None

    await _teach(settings, account, 80)
    stored = _stored_model(settings, account_id)
    assert stored is not None and stored.documents == 80
    assert stored.sklearn_version == current_version()
    hits = 0
    for labelled in corpus(20, 20_000):
        found = pipeline.run(account_id, labelled.filename, "UNKNOWN", labelled.text).assignments
        assert all(a.source == "classifier" and 0.5 <= a.confidence <= 1 for a in found)
        hits += {a.name for a in found} == labelled.tags
    assert hits >= 16  # exact tag sets on at least 80% of unseen documents
    _, detail = await classifier_check(settings)()
    assert detail.startswith("trained for 1 of 1 account(s)")


async def test_a_model_of_another_version_is_retrained(
    settings: Settings, account: Account
) -> None:
    account_id = account.principal.account_id or ""
    for name in TAGS:
        await create_tag(account.principal, TagFields(name=name), settings=settings)
    await _teach(settings, account, 40)
    with session_scope(settings) as session:
        stored = session.get(TagModel, account_id)
        assert stored is not None
        stored.sklearn_version = "0.1.0"
        session.add(stored)
    assert current_model(settings, account_id) is None  # never unpickled under another version
    wait_for_training()
    assert _stored_model(settings, account_id).sklearn_version == current_version()  # type: ignore[union-attr]
    assert current_model(settings, account_id) is not None


async def test_sources_combine_and_manual_tags_stay_manual(
    settings: Settings, account: Account, fake: FakeOpenRouter, tmp_path: Path
) -> None:
    account_id = account.principal.account_id or ""
    me = account.principal
    await create_tag(me, TagFields(name="invoice", match_algorithm="any", match="invoice"),
                     settings=settings)  # fmt: skip
    await create_tag(me, TagFields(name="bank"), settings=settings)
    await create_tag(me, TagFields(name="gst", match_algorithm="literal", match="gstin",
                                   auto_assign=False), settings=settings)  # fmt: skip
    llm_settings = settings.model_copy(
        update={"openrouter_base_url": fake.base_url, "openrouter_api_key": KEY}
    )
    text = "TAX INVOICE 42 GSTIN 27AAAC1234F1Z5 payable to HDFC Bank"
    result = TagPipeline(llm_settings).run(account_id, "a.pdf", "UNKNOWN", text)
    assert [(a.name, a.source, a.confidence) for a in result.assignments] == [
        ("bank", "llm", 0.7),
        ("invoice", "rule", 1.0),  # the rule is surer than the LLM, which named it too
    ]
    assert result.suggested == ["not-a-tag", "paperwork"]
    offered = fake.requests[0]["messages"][-1]["content"]
    assert '"gst"' not in offered  # a tag taggers may not set is not even offered
    with session_scope(settings) as session:
        # the session's database is shared: this account's calls
        calls = session.exec(select(LlmCall).where(LlmCall.account_id == account_id)).all()
    assert [(c.account_id, c.status_code, c.prompt_tokens, c.completion_tokens) for c in calls] == [
        (account_id, 200, 120, 14)
    ]
    assert calls[0].cost > 0
    _, detail = await llm_check(llm_settings)()
    assert detail.startswith("configured: ") and KEY not in detail
