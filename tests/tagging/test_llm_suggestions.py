"""The LLM tagger's suggested new tags and the tokens and cost of its calls, kept with the
document they were about: shown by ``GET /api/history/documents/{id}/tags`` (never applied),
to the document's owner only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.errors import NotFound
from core.settings import Settings
from core.single import process_document
from core.tagging import (
    TagFields,
    create_tag,
    delete_tag,
    get_document_tags,
    list_tags,
    set_document_tags,
)
from tests.batch.conftest import Account, statement
from tests.tagging.fake_openrouter import KEY, FakeOpenRouter, Scripted


@pytest.fixture
def fake() -> Iterator[FakeOpenRouter]:
    server = FakeOpenRouter().start()
    yield server
    server.close()


async def test_suggestions_and_cost_stay_with_the_document(
    settings: Settings, account: Account, other: Account, fake: FakeOpenRouter
) -> None:
    me = account.principal
    llm_settings = settings.model_copy(
        update={
            "openrouter_base_url": fake.base_url,
            "openrouter_api_key": KEY,
            "openrouter_max_retries": 2,
        }
    )
    await create_tag(me, TagFields(name="statement"), settings=settings)
    await create_tag(me, TagFields(name="unrelated"), settings=settings)
    # the first attempt is rate-limited: the call that succeeds counts two attempts
    fake.script.append(Scripted(status=429, message="Rate limit exceeded", retry_after="0"))
    fake.script.append(
        Scripted(content='{"tags": ["statement", "brand-new"], "suggested_tags": ["mutual funds"]}')
    )
    one = statement(70)
    done = await process_document(
        me, one.pdf, "one.pdf", one.password, {"tag": True}, settings=llm_settings
    )
    assert done.tags == ["statement"]  # suggestions are never applied

    found = await get_document_tags(me, done.document_id, settings=settings)
    assert [(t.name, t.source, t.confidence) for t in found.tags] == [("statement", "llm", 0.7)]
    assert found.suggested_tags == ["brand-new", "mutual funds"]
    [call] = found.llm_calls
    assert (call.status_code, call.attempts, call.prompt_tokens, call.completion_tokens) == (
        200,
        2,
        120,
        14,
    )
    assert call.cost > 0 and call.model == llm_settings.openrouter_model
    with pytest.raises(NotFound):
        await get_document_tags(other.principal, done.document_id, settings=settings)

    # confirming the tags keeps the record of what the LLM suggested and cost
    confirmed = await set_document_tags(me, done.document_id, ["unrelated"], settings=settings)
    assert [(t.name, t.source) for t in confirmed.tags] == [("unrelated", "user")]
    assert confirmed.suggested_tags == ["brand-new", "mutual funds"]
    assert len(confirmed.llm_calls) == 1

    # a document tagged without the LLM has neither
    plain = await process_document(
        me, statement(71).pdf, "two.pdf", statement(71).password, {"tag": True}, settings=settings
    )
    quiet = await get_document_tags(me, plain.document_id, settings=settings)
    assert (quiet.suggested_tags, quiet.llm_calls) == ([], [])
    # the database is shared by the session: leave no account with tags for health counts
    for tag in (await list_tags(me, settings=settings)).tags:
        await delete_tag(me, tag.id, settings=settings)
