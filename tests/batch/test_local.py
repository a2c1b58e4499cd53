"""Batches in the embedded executor (the server's own process pool), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

import pytest
from sqlmodel import select

from core.accounts.models import UsageLog
from core.batch import (
    cancel,
    get_status,
    list_active,
    pause,
    process_sync,
    resume,
    resume_active_jobs,
    start_batch,
    template_csv,
    validate_paths,
    watch,
)
from core.batch.analyse import analyse
from core.batch.models import BatchItem
from core.batch.process import _store, process_item
from core.batch.service import _create_job
from core.batch.sources import Source, read_source
from core.batch.state import GAVE_UP, claim_item
from core.db import session_scope, utcnow
from core.errors import BadRequest, NotFound
from core.history import get_document
from core.settings import Settings
from tests.batch.conftest import POISON, Account, new_account, statement, write_statements
from tests.batch.helpers import (
    GatedServer,
    charged_rows,
    check_event_stream,
    credits_used,
    documents,
    follow,
    items,
    job_row,
    wait_until,
)
from tests.engine.corpus import comparable, differences
from tests.engine.slow_pdf import zeros_pdf


async def test_many_documents_with_a_poison_one(settings: Settings, account: Account) -> None:
    seeds = list(range(24))
    sources = write_statements(settings, seeds)
    (Path(settings.batch_root) / "poison.pdf").write_bytes(POISON)
    sources.insert(7, {"path": "poison.pdf"})
    started = await start_batch(account.principal, "many", sources, {}, settings=settings)
    assert started.status == "queued" and started.total == 25
    events = await follow(account.principal, started.job_id, settings)

    check_event_stream(events)
    assert events[-1].type == "completed" and events[-1].percent == 100.0
    finished = [e for e in events if e.type == "document_finished"]
    failed = [e for e in events if e.type == "document_failed"]
    assert len(finished) == 24 and len(failed) == 1
    assert failed[0].source == "poison.pdf" and failed[0].error
    assert {e.source for e in finished} == {s["path"] for s in sources} - {"poison.pdf"}
    assert all(e.summary.startswith("CAMS_KFINTECH") for e in finished)
    counts = [(e.done, e.failed) for e in events[1:]]
    assert counts == sorted(counts)  # counters never go back

    status = await get_status(account.principal, started.job_id, settings=settings)
    assert (status.status, status.done, status.failed) == ("completed", 24, 1)
    by_source = {d.source: d for d in status.documents}
    assert by_source["poison.pdf"].status == "failed" and by_source["poison.pdf"].error
    # every parsed statement equals the generator's ground truth
    for seed, source in zip(seeds, [s for s in sources if s["path"] != "poison.pdf"], strict=True):
        doc = await get_document(
            account.principal, by_source[source["path"]].document_id, settings=settings
        )
        assert doc.status == "completed"
        truth = statement(seed).truth
        assert (
            differences(
                comparable(truth), comparable(doc.statement.to_dict() if doc.statement else {})
            )
            == []
        )
    assert credits_used(settings, account.key_id) == 24.0  # the failed one is not charged
    assert charged_rows(settings, account.key_id) == 24


async def test_late_watchers_get_a_snapshot_and_can_resume(
    settings: Settings, account: Account
) -> None:
    sources = write_statements(settings, [1, 2, 3])
    job_id = (await start_batch(account.principal, "late", sources, {}, settings=settings)).job_id
    first = await follow(account.principal, job_id, settings)
    late = await follow(account.principal, job_id, settings)
    assert [e.type for e in late] == ["snapshot"]
    assert (late[0].done, late[0].total, late[0].seq) == (3, 3, first[-1].seq)
    replay = await follow(account.principal, job_id, settings, after_seq=2)
    assert [e.seq for e in replay] == list(range(3, first[-1].seq + 1))
    assert replay[-1].type == "completed"


async def test_a_status_says_where_a_watcher_follows_on_without_a_gap(
    settings: Settings, account: Account
) -> None:
    gated = GatedServer({"first.pdf": statement(5).pdf})
    try:
        sources = [{"url": gated.url("first.pdf", gated=True), "password": statement(5).password}]
        sources[0] = {k: v for k, v in sources[0].items() if v}
        sources += write_statements(settings, [6])
        one_at_a_time = settings.model_copy(update={"parse_workers": 1})
        job_id = (
            await start_batch(account.principal, "status", sources, {}, settings=one_at_a_time)
        ).job_id
        await asyncio.to_thread(gated.entered.wait, 60)  # document 1 is running
        status = await get_status(account.principal, job_id, settings=one_at_a_time)
        assert [d.status for d in status.documents or []] == ["running", "queued"]
        gated.release()
        # what happened after that status, and only that: no snapshot, no event twice
        after = await follow(account.principal, job_id, one_at_a_time, after_seq=status.last_seq)
        assert after[0].seq == status.last_seq + 1
        assert [(e.type, e.source) for e in after if e.source] == [
            ("document_finished", sources[0]["url"]),
            ("document_started", sources[1]["path"]),
            ("document_finished", sources[1]["path"]),
        ]
        assert after[-1].type == "completed"
    finally:
        gated.close()


async def test_pause_resume_and_cancel(settings: Settings, account: Account) -> None:
    gated = GatedServer({"first.pdf": statement(5).pdf})
    try:
        sources = [{"url": gated.url("first.pdf", gated=True), "password": statement(5).password}]
        sources[0] = {k: v for k, v in sources[0].items() if v}
        sources += write_statements(settings, [6, 7, 8, 9])
        slow = settings.model_copy(update={"parse_workers": 1})
        job_id = (
            await start_batch(account.principal, "pausing", sources, {}, settings=slow)
        ).job_id
        watcher = asyncio.create_task(follow(account.principal, job_id, slow))
        await asyncio.to_thread(gated.entered.wait, 60)  # document 1 is running
        assert (await pause(account.principal, job_id, settings=slow)).status == "paused"
        gated.release()
        await asyncio.to_thread(
            wait_until,
            lambda: all(i.status != "running" for i in items(slow, job_id)),
            "the running document to finish",
        )
        rows = items(slow, job_id)
        assert rows[0].status == "completed"
        assert [r.status for r in rows[1:]] == ["queued"] * 4  # paused between documents
        assert job_row(slow, job_id).status == "paused"
        active = await list_active(account.principal, settings=slow)
        assert [j.job_id for j in active.jobs] == [job_id]
        assert (await resume(account.principal, job_id, settings=slow)).status == "running"
        events = await watcher
        check_event_stream(events)
        types = [e.type for e in events]
        assert types.index("paused") < types.index("resumed") < types.index("completed")
        assert job_row(slow, job_id).done == 5
    finally:
        gated.close()

    # cancel: the running document finishes, the queued ones are cancelled
    gated = GatedServer({"first.pdf": statement(5).pdf})
    try:
        sources[0] = {
            "url": gated.url("first.pdf", gated=True),
            **({"password": statement(5).password} if statement(5).password else {}),
        }
        job_id = (await start_batch(account.principal, "cancel", sources, {}, settings=slow)).job_id
        await asyncio.to_thread(gated.entered.wait, 60)
        assert (await cancel(account.principal, job_id, settings=slow)).status == "cancelling"
        gated.release()
        events = await follow(account.principal, job_id, slow, after_seq=1)
        assert events[-1].type == "cancelled"
        status = await get_status(account.principal, job_id, settings=slow)
        assert status.status == "cancelled"
        assert [d.status for d in status.documents] == ["completed"] + ["cancelled"] * 4
        assert (await list_active(account.principal, settings=slow)).jobs == []
    finally:
        gated.close()


async def test_another_account_sees_nothing(
    settings: Settings, account: Account, other: Account
) -> None:
    sources = write_statements(settings, [10])
    job_id = (await start_batch(account.principal, "mine", sources, {}, settings=settings)).job_id
    for call in (get_status, pause, resume, cancel):
        with pytest.raises(NotFound):
            await call(other.principal, job_id, settings=settings)
    with pytest.raises(NotFound):
        await follow(other.principal, job_id, settings)
    assert (await list_active(other.principal, settings=settings)).jobs == []
    await follow(account.principal, job_id, settings)


async def test_sources_are_checked_when_the_batch_starts(
    settings: Settings, account: Account, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(statement(1).pdf)
    os.symlink(outside, Path(settings.batch_root) / "escape.pdf")
    start = start_batch
    for bad in (
        [{"path": str(outside)}],
        [{"path": "../outside.pdf"}],
        [{"path": "escape.pdf"}],
        [{"url": "file:///etc/passwd"}],
        [{"path": "a.pdf", "url": "http://x/a.pdf"}],
        [],
        [{"upload_id": "nope"}],
    ):
        with pytest.raises(BadRequest):
            await start(account.principal, "bad", bad, {}, settings=settings)


async def test_csv_in_the_template_format(settings: Settings, account: Account) -> None:
    template = template_csv()
    header = template.splitlines()[0]
    assert header == "path,url,s3_uri,upload_id,password"
    sources = write_statements(settings, [11, 12])
    rows = [header] + [f"{s['path']},,,,{s.get('password', '')}" for s in sources]
    started = await start_batch(
        account.principal, "csv", [], {}, "\n".join(rows) + "\n", settings=settings
    )
    assert started.total == 2
    events = await follow(account.principal, started.job_id, settings)
    assert events[-1].type == "completed" and events[-1].done == 2


async def test_validate_paths(settings: Settings, account: Account, tmp_path: Path) -> None:
    root = Path(settings.batch_root)
    write_statements(settings, [3, 4])  # seed 3 is encrypted, 4 is not
    (root / "notes.txt").write_text("hello")
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(statement(4).pdf)
    os.symlink(outside, root / "link.pdf")
    paths = [
        "cas_3.pdf",
        str(root / "cas_4.pdf"),
        "notes.txt",
        "missing.pdf",
        "link.pdf",
        "../secret.pdf",
    ]
    checked = await validate_paths(account.principal, paths, settings=settings)
    results = {r.path: r for r in checked.results}
    assert [r.path for r in checked.results] == paths
    assert (checked.valid, checked.invalid) == (2, 4)
    assert results["cas_3.pdf"].encrypted and results["cas_3.pdf"].is_pdf
    assert not results[str(root / "cas_4.pdf")].encrypted
    assert results[str(root / "cas_4.pdf")].size == len(statement(4).pdf)
    assert results["notes.txt"].readable and not results["notes.txt"].is_pdf
    assert not results["missing.pdf"].exists
    for escaped in ("link.pdf", "../secret.pdf"):
        assert "outside the batch root" in results[escaped].error
        assert not results[escaped].exists


async def test_legacy_synchronous_batch(settings: Settings, account: Account) -> None:
    sources = [*write_statements(settings, [13, 14]), {"path": "missing.pdf"}]
    reply = await process_sync(account.principal, sources, {}, settings=settings)
    assert (reply.status, reply.total, reply.done, reply.failed) == (
        "completed",
        3,
        2,
        1,
    )
    first, second, missing = reply.results
    assert (
        differences(
            comparable(statement(13).truth),
            comparable(first.statement.to_dict() if first.statement else {}),
        )
        == []
    )
    assert second.status == "completed" and second.document_id
    assert missing.status == "failed" and "no such file" in missing.error


async def _queued_job(
    settings: Settings, account: Account, seeds: list[int]
) -> tuple[str, list[str]]:
    """A job of these statements, queued but handed to no executor (the test delivers)."""
    sources = write_statements(settings, seeds)
    parsed = [Source("path", s["path"], s.get("password")) for s in sources]
    return await asyncio.to_thread(
        _create_job, settings, account.principal, "deliveries", parsed, {"parse": True}
    )


async def test_a_redelivered_document_counts_and_charges_once(
    settings: Settings, account: Account
) -> None:
    job_id, item_ids = await _queued_job(settings, account, [15, 16])
    # a worker claimed document 1 and died; its lease runs out
    assert claim_item(settings, item_ids[0]) is not None
    with session_scope(settings) as session:
        row = session.get(BatchItem, item_ids[0])
        assert row is not None
        row.lease_until = utcnow()
        session.add(row)
    for item_id in item_ids + item_ids:  # redelivered, and everything delivered twice more
        await asyncio.to_thread(process_item, item_id, settings)
    job = job_row(settings, job_id)
    assert (job.status, job.done, job.failed) == ("completed", 2, 0)
    assert [i.attempts for i in items(settings, job_id)] == [2, 1]
    assert len(documents(settings, job_id)) == 2
    assert credits_used(settings, account.key_id) == 2.0
    assert charged_rows(settings, account.key_id) == 2
    events = await follow(account.principal, job_id, settings, after_seq=1)
    assert [e.type for e in events].count("document_finished") == 2


async def test_two_deliveries_storing_the_same_claim_record_it_once(
    settings: Settings, account: Account
) -> None:
    job_id, item_ids = await _queued_job(settings, account, [20, 21])
    claim = claim_item(settings, item_ids[0])
    assert claim is not None
    data = read_source(claim.source, claim.account_id, settings)
    result = analyse(data, claim.source.password, True, settings)
    sha256 = hashlib.sha256(data).hexdigest()
    # both deliveries parsed it; the second to store finds the outcome recorded and adds nothing
    assert _store(settings, claim, data, sha256, result, 0.0)
    assert _store(settings, claim, data, sha256, result, 0.0)
    await asyncio.to_thread(process_item, item_ids[1], settings)
    job = job_row(settings, job_id)
    assert (job.status, job.done, job.failed, job.total) == ("completed", 2, 0, 2)
    assert len(documents(settings, job_id)) == 2
    assert credits_used(settings, account.key_id) == 2.0
    assert charged_rows(settings, account.key_id) == 2
    assert len(await follow(account.principal, job_id, settings, after_seq=0)) == 1  # snapshot
    events = await follow(account.principal, job_id, settings, after_seq=1)
    assert [e.type for e in events].count("document_finished") == 2


async def test_credits_running_out_fail_the_rest_with_the_reason(settings: Settings) -> None:
    account = new_account(settings, credits=2)
    sources = write_statements(settings, [22, 23, 24, 25])
    single = settings.model_copy(update={"parse_workers": 1})  # documents in order
    job_id = (await start_batch(account.principal, "short", sources, {}, settings=single)).job_id
    events = await follow(account.principal, job_id, single)
    check_event_stream(events)
    assert events[-1].type == "completed"
    status = await get_status(account.principal, job_id, settings=single)
    assert [d.status for d in status.documents] == ["completed"] * 2 + ["failed"] * 2
    assert all("Insufficient credits" in d.error for d in status.documents[2:])
    assert credits_used(single, account.key_id) == 2.0
    assert charged_rows(single, account.key_id) == 2
    with session_scope(single) as session:  # the refusals are in the usage log
        refused = session.exec(
            select(UsageLog).where(UsageLog.key_id == account.key_id, UsageLog.status_code == 402)
        ).all()
    assert len(refused) == 2 and all(row.credits_milli == 0 for row in refused)
    stored = {d.status: d for d in documents(single, job_id)}
    assert stored["failed"].object_key is None and stored["failed"].error


async def test_a_worker_stopped_mid_document_fails_that_document_alone(
    settings: Settings, account: Account
) -> None:
    # a PDF whose one stream inflates to ~16 GB, a byte over the limit: its preflight inflates
    # nearly all of it to find out (its compressed size bounds it above the limit) and runs far
    # past the deadline, which is ~100 times what a small statement needs, so the outcome does
    # not hang on machine load
    inflated_mb = 16_000
    (Path(settings.batch_root) / "big.pdf").write_bytes(zeros_pdf(inflated_mb))
    sources = write_statements(settings, [27, 28])
    sources.insert(1, {"path": "big.pdf"})
    # the download cap plus the parse cap bound a document's whole run in its worker
    hurried = settings.model_copy(
        update={
            "url_fetch_timeout_seconds": 0.0,
            "parse_timeout_seconds": 5.0,
            "max_decompressed_bytes": (inflated_mb << 20) - 1,
        }
    )
    job_id = (await start_batch(account.principal, "stopped", sources, {}, settings=hurried)).job_id
    events = await follow(account.principal, job_id, hurried)
    check_event_stream(events)
    failed = [e for e in events if e.type == "document_failed"]
    assert [e.source for e in failed] == ["big.pdf"]
    assert "longer than 5" in failed[0].error
    assert events[-1].type == "completed" and events[-1].done == 2
    by_source = {
        d.source: d
        for d in (await get_status(account.principal, job_id, settings=hurried)).documents
    }
    doc = await get_document(account.principal, by_source["big.pdf"].document_id, settings=hurried)
    assert doc.status == "failed" and "longer than" in doc.error
    assert credits_used(hurried, account.key_id) == 2.0


async def test_restart_continues_active_jobs(settings: Settings, account: Account) -> None:
    job_id, item_ids = await _queued_job(settings, account, [17, 18, 19])
    claim_item(settings, item_ids[1])  # the previous server died while processing it
    assert await asyncio.to_thread(resume_active_jobs, settings) >= 1
    events = await follow(account.principal, job_id, settings, after_seq=1)
    assert events[-1].type == "completed"
    assert job_row(settings, job_id).done == 3
    assert len(documents(settings, job_id)) == 3
    assert [i.attempts for i in items(settings, job_id)] == [1, 2, 1]


async def test_watch_of_an_unknown_job(settings: Settings, account: Account) -> None:
    with pytest.raises(NotFound):
        async for _ in watch(account.principal, "0" * 32, settings=settings):
            pass


async def test_a_worker_that_cannot_start_fails_its_documents_instead_of_stalling(
    settings: Settings, account: Account
) -> None:
    # an address-space cap this small stops a worker process before it is ready
    starved = settings.model_copy(update={"parse_memory_mb": 64, "batch_max_retries": 1})
    sources = write_statements(starved, [29])
    job_id = (await start_batch(account.principal, "starved", sources, {}, settings=starved)).job_id
    events = await follow(account.principal, job_id, starved)
    check_event_stream(events)
    assert [e.type for e in events][-2:] == ["document_failed", "failed"]
    assert events[-2].error == GAVE_UP
    assert [i.status for i in items(starved, job_id)] == ["failed"]
    assert credits_used(starved, account.key_id) == 0.0
