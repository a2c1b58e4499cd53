"""History over real processed batches: lists with paging, detail, search, stats, delete
(with the stored files), and owner isolation; SQLite (FTS5) and PostgreSQL (full-text)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.batch import start_batch
from core.errors import BadRequest, Conflict, NotFound
from core.history import (
    delete_job,
    get_document,
    get_job,
    list_documents,
    list_jobs,
    search_documents,
    stats,
)
from core.settings import Settings
from core.storage import get_store
from tests.batch.conftest import POISON, Account, statement, write_statements
from tests.batch.helpers import GatedServer, documents, follow


async def _run(
    settings: Settings, account: Account, name: str, seeds: list[int], poison: bool = False
) -> str:
    sources = write_statements(settings, seeds, folder=name)
    if poison:
        (Path(settings.batch_root) / name / "poison.pdf").write_bytes(POISON)
        sources.append({"path": f"{name}/poison.pdf"})
    job_id = (await start_batch(account.principal, name, sources, settings=settings)).job_id
    events = await follow(account.principal, job_id, settings)
    assert events[-1].type == "completed"
    return job_id


async def test_lists_detail_stats_and_isolation(
    settings: Settings, account: Account, other: Account
) -> None:
    first = await _run(settings, account, "first", [50, 51, 52], poison=True)
    second = await _run(settings, account, "second", [53, 54])

    jobs = await list_jobs(account.principal, settings=settings)
    assert jobs.total == 2 and [j.job_id for j in jobs.jobs] == [second, first]
    assert jobs.jobs[0].documents is None
    page = await list_jobs(account.principal, page=2, page_size=1, settings=settings)
    assert [j.job_id for j in page.jobs] == [first] and page.total == 2
    job = await get_job(account.principal, first, settings=settings)
    assert (job.done, job.failed, len(job.documents)) == (3, 1, 4)

    docs = await list_documents(account.principal, page_size=100, settings=settings)
    assert docs.total == 6 and all(d.statement is None for d in docs.documents)
    paged = [
        await list_documents(account.principal, page=p, page_size=4, settings=settings)
        for p in (1, 2)
    ]
    assert [len(p.documents) for p in paged] == [4, 2]
    assert {d.id for p in paged for d in p.documents} == {d.id for d in docs.documents}
    completed = next(d for d in docs.documents if d.filename == "cas_50.pdf")
    detail = await get_document(account.principal, completed.id, settings=settings)
    truth = statement(50).truth
    assert detail.statement and detail.statement.investor
    assert detail.statement.investor.name == truth["investor"]["name"]
    assert detail.sha256 and detail.size == len(statement(50).pdf)
    failed = next(d for d in docs.documents if d.status == "failed")
    assert failed.filename == "poison.pdf" and failed.error

    totals = await stats(account.principal, settings=settings)
    assert totals.documents == 6
    assert totals.by_status == {"completed": 5, "failed": 1}
    assert totals.by_type["CAMS_KFINTECH"] == 5
    assert totals.success_rate == round(5 / 6, 4)
    assert totals.pages == sum(statement(s).pages for s in (50, 51, 52, 53, 54))
    assert totals.mean_processing_ms > 0

    # another account sees none of it
    for call, ident in ((get_job, first), (delete_job, first), (get_document, completed.id)):
        with pytest.raises(NotFound):
            await call(other.principal, ident, settings=settings)
    assert (await list_jobs(other.principal, settings=settings)).total == 0
    assert (await list_documents(other.principal, settings=settings)).total == 0
    assert (await stats(other.principal, settings=settings)).documents == 0
    investor = truth["investor"]["name"]
    assert (await search_documents(other.principal, investor, settings=settings)).total == 0

    with pytest.raises(BadRequest):
        await list_jobs(account.principal, page_size=101, settings=settings)
    with pytest.raises(BadRequest):
        await list_documents(account.principal, page=-1, settings=settings)


async def test_search(settings: Settings, account: Account) -> None:
    await _run(settings, account, "search", [55, 56, 57])
    truth = statement(55).truth
    name = truth["investor"]["name"]
    found = await search_documents(account.principal, name, settings=settings)
    assert found.total >= 1
    assert "cas_55.pdf" in [d.filename for d in found.documents]
    folio = truth["mutual_funds"][0]["folio_number"].split("/")[0].strip()
    by_folio = await search_documents(account.principal, folio, settings=settings)
    assert [d.filename for d in by_folio.documents] == ["cas_55.pdf"]
    isin = truth["mutual_funds"][0]["schemes"][0]["isin"]
    by_isin = await search_documents(account.principal, isin.lower(), settings=settings)
    assert "cas_55.pdf" in [d.filename for d in by_isin.documents]
    nothing = await search_documents(account.principal, f"{name} zzqxjw", settings=settings)
    assert nothing.total == 0 and nothing.documents == []
    # query syntax is never interpreted: quotes, operators and stars are just separators
    odd = await search_documents(account.principal, f'"{folio}" OR * NEAR(', settings=settings)
    assert odd.total >= 0
    with pytest.raises(BadRequest):
        await search_documents(account.principal, "  !! ", settings=settings)


async def test_delete_removes_rows_files_and_index(settings: Settings, account: Account) -> None:
    job_id = await _run(settings, account, "gone", [58, 59])
    stored = documents(settings, job_id)
    keys = [d.object_key for d in stored if d.object_key]
    store = get_store(settings)
    assert len(keys) == 2 and all(store.exists(k) for k in keys)
    name = statement(58).truth["investor"]["name"]
    assert (await search_documents(account.principal, name, settings=settings)).total >= 1

    reply = await delete_job(account.principal, job_id, settings=settings)
    assert "2 documents" in reply.msg
    assert not any(store.exists(k) for k in keys)
    with pytest.raises(NotFound):
        await get_job(account.principal, job_id, settings=settings)
    for doc in stored:
        with pytest.raises(NotFound):
            await get_document(account.principal, doc.id, settings=settings)
    assert (await search_documents(account.principal, name, settings=settings)).total == 0


async def test_an_active_job_cannot_be_deleted(settings: Settings, account: Account) -> None:
    gated = GatedServer({"held.pdf": statement(60).pdf})
    try:
        source = {"url": gated.url("held.pdf", gated=True)}
        if statement(60).password:
            source["password"] = statement(60).password
        job_id = (
            await start_batch(account.principal, "active", [source], settings=settings)
        ).job_id
        await asyncio.to_thread(gated.entered.wait, 60)  # its document is running
        with pytest.raises(Conflict):
            await delete_job(account.principal, job_id, settings=settings)
        gated.release()
        await follow(account.principal, job_id, settings)
    finally:
        gated.close()
    assert (await delete_job(account.principal, job_id, settings=settings)).msg
