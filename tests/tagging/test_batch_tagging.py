"""``options.tag``: batch and single documents are tagged by the pipeline, and history keeps
each tag with its source and confidence."""

from __future__ import annotations

from sqlmodel import col, select

from core.batch import start_batch
from core.db import session_scope
from core.history import list_documents
from core.settings import Settings
from core.single import process_document
from core.tagging import TagFields, create_tag
from core.tagging.models import DocumentTag, Tag
from core.tagging.training import wait_for_training
from tests.batch.conftest import Account, statement, write_statements
from tests.batch.helpers import follow


def _links(settings: Settings, document_id: str) -> list[tuple[str, str, float, bool]]:
    with session_scope(settings) as session:
        rows = session.exec(
            select(Tag.name, DocumentTag.source, DocumentTag.confidence, DocumentTag.confirmed)
            .join(Tag, col(Tag.id) == col(DocumentTag.tag_id))
            .where(col(DocumentTag.document_id) == document_id)
            .order_by(col(Tag.name))
        ).all()
    return [
        (name, str(source), confidence, confirmed) for name, source, confidence, confirmed in rows
    ]


async def test_a_tagged_batch_and_a_tagged_single_document(
    settings: Settings, account: Account
) -> None:
    me = account.principal
    first, second = statement(70).truth, statement(71).truth
    await create_tag(me, TagFields(name="statement", match_algorithm="literal",
                                   match="cams_kfintech"), settings=settings)  # fmt: skip
    await create_tag(me, TagFields(name="first-investor", match_algorithm="literal",
                                   match=first["investor"]["name"]), settings=settings)  # fmt: skip
    await create_tag(me, TagFields(name="manual", match_algorithm="any", match="cams_kfintech",
                                   auto_assign=False), settings=settings)  # fmt: skip

    job = await start_batch(
        me, "tagged", write_statements(settings, [70, 71]), {"tag": True}, settings=settings
    )
    assert (await follow(me, job.job_id, settings))[-1].type == "completed"
    docs = {d.filename: d for d in (await list_documents(me, settings=settings)).documents}
    assert docs["cas_70.pdf"].tags == ["first-investor", "statement"]
    assert docs["cas_71.pdf"].tags == ["statement"]
    assert first["investor"]["name"] != second["investor"]["name"]
    assert _links(settings, docs["cas_70.pdf"].id) == [
        ("first-investor", "rule", 1.0, False), ("statement", "rule", 1.0, False),
    ]  # fmt: skip
    by_tag = await list_documents(me, tag="first-investor", settings=settings)
    assert [d.filename for d in by_tag.documents] == ["cas_70.pdf"]

    # without the option nothing is tagged
    plain = await start_batch(me, "plain", write_statements(settings, [72], folder="plain"),
                              settings=settings)  # fmt: skip
    await follow(me, plain.job_id, settings)
    untagged = next(
        d
        for d in (await list_documents(me, settings=settings)).documents
        if d.job_id == plain.job_id
    )
    assert untagged.tags == []

    # a single document is tagged unless told not to
    single = await process_document(
        me, statement(70).pdf, "one.pdf", statement(70).password, settings=settings
    )
    assert single.tags == ["first-investor", "statement"]
    assert _links(settings, single.document_id)[0][1:] == ("rule", 1.0, False)
    told_not_to = await process_document(
        me, statement(70).pdf, "two.pdf", statement(70).password, {"tag": False},
        settings=settings,
    )  # fmt: skip
    assert told_not_to.tags == [] and _links(settings, told_not_to.document_id) == []
    wait_for_training()
