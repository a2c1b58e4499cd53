"""Tags of an account: create, list, update, delete; confirming a document's tags; history
filtered and counted by tag; other accounts see none of it."""

from __future__ import annotations

import pytest

from core.errors import BadRequest, Conflict, NotFound
from core.history import get_document, list_documents, stats
from core.settings import Settings
from core.tagging import (
    TagFields,
    create_tag,
    delete_tag,
    list_tags,
    set_document_tags,
    update_tag,
)
from core.tagging.training import wait_for_training
from tests.batch.conftest import Account
from tests.tagging.corpus import document
from tests.tagging.helpers import store


async def test_create_list_update_delete(
    settings: Settings, account: Account, other: Account
) -> None:
    me = account.principal
    invoice = await create_tag(
        me, TagFields(name=" invoice ", match_algorithm="any", match="invoice bill"),
        settings=settings,
    )  # fmt: skip
    assert (invoice.name, invoice.match_algorithm, invoice.auto_assign) == ("invoice", "any", True)
    manual = await create_tag(me, TagFields(name="keep", auto_assign=False), settings=settings)
    assert manual.match_algorithm == "none" and not manual.auto_assign
    listed = await list_tags(me, settings=settings)
    assert [t.name for t in listed.tags] == ["invoice", "keep"]

    with pytest.raises(Conflict):
        await create_tag(me, TagFields(name="invoice"), settings=settings)
    # names are per account
    theirs = await create_tag(other.principal, TagFields(name="invoice"), settings=settings)

    changed = await update_tag(
        me, invoice.id, TagFields(match_algorithm="regex", match=r"INV-\d+", case_sensitive=True),
        settings=settings,
    )  # fmt: skip
    assert (changed.name, changed.match_algorithm, changed.case_sensitive) == (
        "invoice", "regex", True,
    )  # fmt: skip
    with pytest.raises(Conflict):
        await update_tag(me, invoice.id, TagFields(name="keep"), settings=settings)

    for call in (
        lambda: update_tag(me, theirs.id, TagFields(name="x"), settings=settings),
        lambda: delete_tag(me, theirs.id, settings=settings),
        lambda: update_tag(me, "nope", TagFields(name="x"), settings=settings),
    ):
        with pytest.raises(NotFound):
            await call()
    assert "keep" in (await delete_tag(me, manual.id, settings=settings)).msg
    assert [t.name for t in (await list_tags(me, settings=settings)).tags] == ["invoice"]
    assert [t.name for t in (await list_tags(other.principal, settings=settings)).tags] == [
        "invoice"
    ]
    wait_for_training()


@pytest.mark.parametrize(
    "fields",
    [
        TagFields(name=""),
        TagFields(name="x" * 101),
        TagFields(name="a", match_algorithm="magic", match="x"),
        TagFields(name="a", match_algorithm="regex", match="(["),
        TagFields(name="a", match_algorithm="all", match=""),
    ],
)
async def test_bad_tags_are_refused_and_not_kept(
    settings: Settings, account: Account, fields: TagFields
) -> None:
    with pytest.raises(BadRequest):
        await create_tag(account.principal, fields, settings=settings)
    assert (await list_tags(account.principal, settings=settings)).tags == []


async def test_confirm_filter_count_and_delete(
    settings: Settings, account: Account, other: Account
) -> None:
    me = account.principal
    for name in ("bank", "tax", "salary"):
        await create_tag(me, TagFields(name=name), settings=settings)
    first = store(settings, account.principal.account_id or "", document(1))
    second = store(settings, account.principal.account_id or "", document(2))

    confirmed = await set_document_tags(me, first, ["tax", "bank"], settings=settings)
    assert [(t.name, t.source, t.confidence, t.confirmed) for t in confirmed.tags] == [
        ("bank", "user", 1.0, True), ("tax", "user", 1.0, True),
    ]  # fmt: skip
    await set_document_tags(me, second, ["tax"], settings=settings)
    assert (await get_document(me, first, settings=settings)).tags == ["bank", "tax"]

    by_tag = await list_documents(me, tag="tax", settings=settings)
    assert {d.id for d in by_tag.documents} == {first, second} and by_tag.total == 2
    assert [d.id for d in (await list_documents(me, tag="bank", settings=settings)).documents] == [
        first
    ]
    assert (await list_documents(me, tag="salary", settings=settings)).total == 0
    assert (await stats(me, settings=settings)).by_tag == {"bank": 1, "tax": 2}

    # a correction replaces the set; unknown names are refused whole
    with pytest.raises(BadRequest):
        await set_document_tags(me, first, ["bank", "nope"], settings=settings)
    corrected = await set_document_tags(me, first, ["salary"], settings=settings)
    assert [t.name for t in corrected.tags] == ["salary"]

    # deleting a tag takes it off its documents
    tax = next(t for t in (await list_tags(me, settings=settings)).tags if t.name == "tax")
    await delete_tag(me, tax.id, settings=settings)
    assert (await get_document(me, second, settings=settings)).tags == []
    assert (await stats(me, settings=settings)).by_tag == {"salary": 1}

    # another account can neither tag my documents nor filter its way to them
    await create_tag(other.principal, TagFields(name="salary"), settings=settings)
    with pytest.raises(NotFound):
        await set_document_tags(other.principal, first, ["salary"], settings=settings)
    assert (await list_documents(other.principal, tag="salary", settings=settings)).total == 0
    wait_for_training()
