"""Stage timings in a batch: each finished or failed document's progress event says how long
its stages took, and the job's status and history show the same figures."""

from __future__ import annotations

from pathlib import Path

from core.batch import get_status, start_batch
from core.history import get_document
from core.settings import Settings
from tests.batch.conftest import POISON, Account, write_statements
from tests.batch.helpers import follow

#: a statement batch's stages: its text layer is read as it parses (no text stage first)
STATEMENT_STAGES = {"fetch_ms", "open_ms", "detect_ms", "parse_ms", "text_ms", "store_ms"}


async def test_document_events_carry_the_stage_timings_history_keeps(
    settings: Settings, account: Account
) -> None:
    sources = write_statements(settings, [40, 41], folder="timed")
    (Path(settings.batch_root) / "timed" / "poison.pdf").write_bytes(POISON)
    sources.append({"path": "timed/poison.pdf"})
    job_id = (await start_batch(account.principal, "timed", sources, settings=settings)).job_id
    events = await follow(account.principal, job_id, settings)

    finished = [e for e in events if e.type == "document_finished"]
    assert len(finished) == 2
    for event in finished:
        assert event.timings is not None and event.document_id
        stages = event.timings.model_dump(exclude_none=True)
        assert set(stages) == STATEMENT_STAGES and min(stages.values()) >= 0
        stored = await get_document(account.principal, event.document_id, settings=settings)
        assert stored.timings == event.timings
        assert sum(stages.values()) <= stored.processing_ms + 0.1 * (len(stages) + 1)

    [failed] = [e for e in events if e.type == "document_failed"]
    assert failed.timings is not None and failed.document_id
    # read, then refused while opening
    assert set(failed.timings.model_dump(exclude_none=True)) == {"fetch_ms", "open_ms"}
    stored = await get_document(account.principal, failed.document_id, settings=settings)
    assert stored.status == "failed" and stored.timings == failed.timings

    status = await get_status(account.principal, job_id, settings=settings)
    assert status.documents is not None
    by_id = {e.document_id: e.timings for e in [*finished, failed]}
    assert {d.document_id: d.timings for d in status.documents} == by_id

    # the stage events themselves stay lean
    assert all(e.timings is None for e in events if e.type not in ("document_finished",
                                                                   "document_failed"))  # fmt: skip
