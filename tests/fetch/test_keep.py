"""Keeping arrived statements: the caller's charge and the history rows in one transaction."""

from __future__ import annotations

from functools import partial

import pytest
from sqlmodel import Session, select

from core import history
from core.accounts.auth import authenticate
from core.accounts.credits import charge_in, credits_info
from core.accounts.keys import create_key
from core.batch.models import Document
from core.db import session_scope
from core.errors import InsufficientCredits
from core.retrieval.keep import IncomingFile, keep_statements
from core.settings import Settings
from tests.batch.conftest import Account
from tests.fetch.conftest import PERIODS, statements


def _charge(account: Account, settings: Settings, session: Session) -> None:
    charge_in(
        session,
        account.principal,
        "email_import",
        request_id="req_keeptest1",
        path="/t",
        settings=settings,
    )


async def test_the_charge_and_the_rows_are_kept_together(
    settings: Settings, account: Account
) -> None:
    pan, pdfs = statements()
    files = [
        IncomingFile("a.pdf", pdfs[PERIODS[0]], pan),
        IncomingFile("dup.pdf", pdfs[PERIODS[0]], pan),
    ]
    before = credits_info(account.principal, settings=settings).used
    kept = await keep_statements(
        account.principal,
        files,
        origin="inbox",
        batch_key="<msg-1@example.com>",
        charge=partial(_charge, account, settings),
        settings=settings,
    )
    assert len(kept) == 1  # the same bytes twice are one statement
    document = await history.get_document(account.principal, kept[0].document_id, settings=settings)
    assert document.document_type == "CDSL" and document.status == "completed"
    assert credits_info(account.principal, settings=settings).used > before


async def test_a_refused_charge_keeps_no_rows(settings: Settings) -> None:
    _, secret = create_key("broke", 0, settings=settings)
    broke = Account(authenticate(secret, None, settings=settings), "")
    pan, pdfs = statements()
    with pytest.raises(InsufficientCredits):
        await keep_statements(
            broke.principal,
            [IncomingFile("a.pdf", pdfs[PERIODS[1]], pan)],
            origin="inbox",
            batch_key="m2",
            charge=partial(_charge, broke, settings),
            settings=settings,
        )
    with session_scope(settings) as db:
        rows = db.exec(select(Document).where(Document.account_id == broke.principal.account_id))
        assert rows.all() == []


async def test_a_file_that_cannot_be_read_is_kept_as_failed(
    settings: Settings, account: Account
) -> None:
    kept = await keep_statements(
        account.principal,
        [IncomingFile("x.pdf", b"%PDF-1.7 not really", None)],
        origin="inbox",
        batch_key="m3",
        parse=True,
        settings=settings,
    )
    document = await history.get_document(account.principal, kept[0].document_id, settings=settings)
    assert document.status == "failed" and document.error
    assert kept[0].error == document.error and kept[0].statement is None
